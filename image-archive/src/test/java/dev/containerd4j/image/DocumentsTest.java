package dev.containerd4j.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DocumentsTest {

  static final String D1 = "sha256:" + "1".repeat(64);
  static final String D2 = "sha256:" + "2".repeat(64);
  static final String D3 = "sha256:" + "3".repeat(64);

  static byte[] utf8(String s) {
    return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parsesDockerManifest() {
    Manifest m = Manifest.parse(utf8("{'schemaVersion':2,'mediaType':'" + MediaType.DOCKER_MANIFEST + "',"
        + "'config':{'mediaType':'" + MediaType.DOCKER_CONFIG + "','size':7023,'digest':'" + D1 + "'},"
        + "'layers':[{'mediaType':'" + MediaType.DOCKER_LAYER_GZIP + "','size':32654,'digest':'" + D2 + "'},"
        + "{'mediaType':'" + MediaType.DOCKER_FOREIGN_LAYER_GZIP + "','size':1,'digest':'" + D3 + "','urls':['https://x/y']}]}"));
    assertEquals(Optional.of(MediaType.DOCKER_MANIFEST), m.mediaType());
    assertEquals(7023, m.config().size());
    assertEquals(2, m.layers().size());
    assertEquals(List.of("https://x/y"), m.layers().get(1).urls());
    assertEquals(m, Manifest.parse(m.toJson()), "canonical JSON round trips");
  }

  @Test
  void parsesOciManifestWithoutMediaTypeAndWithSubject() {
    Manifest m = Manifest.parse(utf8("{'schemaVersion':2,'config':{'mediaType':'" + MediaType.OCI_EMPTY
        + "','size':2,'digest':'" + D1 + "'},'layers':[],'subject':{'mediaType':'" + MediaType.OCI_MANIFEST
        + "','size':9,'digest':'" + D2 + "'},'artifactType':'application/x','annotations':{'b':'2','a':'1'},'unknown':[1]}"));
    assertEquals(Optional.empty(), m.mediaType());
    assertEquals(D2, m.subject().orElseThrow().digest().toString());
    assertEquals(Optional.of("application/x"), m.artifactType());
    assertEquals(List.of("a", "b"), List.copyOf(m.annotations().keySet()));
    assertEquals(m, Manifest.parse(m.toJson()));
  }

  @Test
  void rejectsBadManifests() {
    assertThrows(InvalidContentException.class, () -> Manifest.parse(utf8("{'schemaVersion':1,'fsLayers':[]}")));
    assertThrows(InvalidContentException.class, () -> Manifest.parse(utf8("[]")));
    assertThrows(InvalidContentException.class, () -> Manifest.parse(utf8("{'schemaVersion':2}")));
    assertThrows(InvalidContentException.class, () -> Manifest.parse(utf8("{'config':{'digest':'sha256:abc','size':1}}")));
    assertThrows(InvalidContentException.class, () -> Manifest.parse(utf8("{'config':{'digest':'" + D1 + "','size':-1}}")));
    assertThrows(InvalidContentException.class, () -> Manifest.parse(utf8("{'config':{'digest':'" + D1 + "','size':'1'}}")));
    assertThrows(InvalidContentException.class, () -> Manifest.parse(utf8("{'config':{'digest':'" + D1 + "','size':1},'layers':{}}")));
    assertThrows(InvalidContentException.class, () -> Manifest.parse(utf8("{'mediaType':'" + MediaType.OCI_INDEX + "','manifests':[]}")));
    assertThrows(InvalidContentException.class, () -> Manifest.parse(utf8("{'config':1, 'config':2}")), "duplicate keys");
    assertThrows(InvalidContentException.class, () -> Manifest.parse(utf8("{")));
  }

  @Test
  void sizeBoundIsEnforced() {
    byte[] big = new byte[1025];
    java.util.Arrays.fill(big, (byte) ' ');
    big[0] = '{';
    big[1024] = '}';
    InvalidContentException e = assertThrows(InvalidContentException.class, () -> Manifest.parse(big, 1024));
    assertTrue(e.isTooLarge());
    assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
  }

  @Test
  void nestingBombRejected() {
    String deep = "[".repeat(10000) + "]".repeat(10000);
    InvalidContentException e = assertThrows(InvalidContentException.class,
        () -> Index.parse(utf8("{'manifests':" + deep + "}")));
    assertFalse(e.isTooLarge());
  }

  @Test
  void indexWithNullManifestsIsEmpty() {
    Index i = Index.parse(utf8("{'schemaVersion':2,'mediaType':'" + MediaType.OCI_INDEX + "','manifests':null}"));
    assertEquals(List.of(), i.manifests());
  }

  @Test
  void indexWithPlatformsAndAttestations() {
    Index i = Index.parse(utf8("{'schemaVersion':2,'manifests':["
        + "{'mediaType':'" + MediaType.OCI_MANIFEST + "','digest':'" + D1 + "','size':10,'platform':{'architecture':'arm64','os':'linux','variant':'v8'}},"
        + "{'mediaType':'" + MediaType.OCI_MANIFEST + "','digest':'" + D2 + "','size':10,'platform':{'architecture':'unknown','os':'unknown'},"
        + "'annotations':{'vnd.docker.reference.type':'attestation-manifest','vnd.docker.reference.digest':'" + D1 + "'}},"
        + "{'mediaType':'" + MediaType.OCI_INDEX + "','digest':'" + D3 + "','size':10,'platform':{'architecture':'amd64','os':'windows','os.version':'10.0.17763.1','os.features':['win32k']}}]}"));
    assertEquals(Platform.parse("linux/arm64/v8"), i.manifests().get(0).platform().orElseThrow());
    assertFalse(Index.isAttestation(i.manifests().get(0)));
    assertTrue(Index.isAttestation(i.manifests().get(1)));
    Platform win = i.manifests().get(2).platform().orElseThrow();
    assertEquals(Optional.of("10.0.17763.1"), win.osVersion());
    assertEquals(List.of("win32k"), win.osFeatures());
    assertEquals(i, Index.parse(i.toJson()));
  }

  @Test
  void configAccessors() {
    ImageConfig c = ImageConfig.parse(utf8("{'architecture':'amd64','os':'linux','created':'2024-01-01T00:00:00Z',"
        + "'config':{'User':'nginx','ExposedPorts':{'80/tcp':{},'443/tcp':{}},'Env':['PATH=/usr/bin','A=b'],"
        + "'Entrypoint':['/docker-entrypoint.sh'],'Cmd':['nginx','-g','daemon off;'],'WorkingDir':'/srv',"
        + "'Labels':{'maintainer':'x'},'StopSignal':'SIGQUIT','Healthcheck':{'Test':['NONE']}},"
        + "'rootfs':{'type':'layers','diff_ids':['" + D1 + "','" + D2 + "']},"
        + "'history':[{'created_by':'ADD file','created':'x'},{'created_by':'CMD','empty_layer':true}],"
        + "'container_config':{'Hostname':'abc'}}"));
    assertEquals(Optional.of(Platform.parse("linux/amd64")), c.platform());
    assertEquals(Optional.of("nginx"), c.user());
    assertEquals(Set.of("80/tcp", "443/tcp"), c.exposedPorts());
    assertEquals(List.of("PATH=/usr/bin", "A=b"), c.env());
    assertEquals(List.of("/docker-entrypoint.sh"), c.entrypoint());
    assertEquals(List.of("nginx", "-g", "daemon off;"), c.cmd());
    assertEquals(Optional.of("/srv"), c.workingDir());
    assertEquals(Map.of("maintainer", "x"), c.labels());
    assertEquals(Optional.of("SIGQUIT"), c.stopSignal());
    assertEquals(2, c.diffIds().size());
    assertTrue(c.history().get(1).emptyLayer());
    assertEquals(Optional.of("ADD file"), c.history().get(0).createdBy());
    ImageConfig again = ImageConfig.parse(c.toJson());
    assertEquals(c, again);
    assertTrue(new String(again.toJson(), StandardCharsets.UTF_8).contains("Healthcheck"), "unknown fields kept");
    assertTrue(new String(again.toJson(), StandardCharsets.UTF_8).contains("container_config"), "unknown fields kept");
  }

  @Test
  void chainIdsFollowTheSpec() {
    Digest a = Digest.parse(D1);
    Digest b = Digest.parse(D2);
    ImageConfig c = ImageConfig.builder().platform(Platform.parse("linux/amd64")).diffIds(List.of(a, b)).build();
    assertEquals(a, c.chainIds().get(0));
    assertEquals(Digest.sha256Of(D1 + " " + D2), c.chainIds().get(1));
    assertEquals(Optional.of(c.chainIds().get(1)), c.chainId());
  }

  @Test
  void configBuilderBuildsWhatItIsTold() {
    ImageConfig c = ImageConfig.builder().platform(Platform.parse("linux/arm/v7")).cmd(List.of("sh"))
        .env(List.of("A=1")).exposedPorts(Set.of("8080/tcp")).labels(Map.of("k", "v")).workingDir("/w")
        .user("1000:1000").stopSignal("SIGTERM").diffIds(List.of(Digest.parse(D3)))
        .history(List.of(new ImageConfig.History(null, "x", null, null, false))).build();
    assertEquals(Optional.of("v7"), c.variant());
    assertEquals(c, ImageConfig.parse(c.toJson()));
    assertEquals(c.toBuilder().build(), c);
    assertThrows(InvalidContentException.class, () -> ImageConfig.parse(utf8("{'rootfs':{'diff_ids':['nope']}}")));
    assertThrows(InvalidContentException.class, () -> ImageConfig.parse(utf8("{'config':{'Cmd':'sh'}}")));
  }

  @Test
  void mediaTypePredicatesAndConversion() {
    assertTrue(MediaType.isManifest(MediaType.DOCKER_MANIFEST));
    assertTrue(MediaType.isIndex(MediaType.DOCKER_MANIFEST_LIST));
    assertTrue(MediaType.isConfig(MediaType.OCI_CONFIG));
    assertTrue(MediaType.isLayer(MediaType.DOCKER_FOREIGN_LAYER_GZIP));
    assertTrue(MediaType.isNonDistributable(MediaType.DOCKER_FOREIGN_LAYER_GZIP));
    assertFalse(MediaType.isLayer(MediaType.OCI_CONFIG));
    assertEquals(Compression.GZIP, MediaType.compressionOf(MediaType.DOCKER_LAYER_GZIP));
    assertEquals(Compression.ZSTD, MediaType.compressionOf(MediaType.OCI_LAYER_ZSTD));
    assertEquals(Compression.NONE, MediaType.compressionOf(MediaType.OCI_LAYER));
    assertEquals(MediaType.OCI_LAYER_GZIP, MediaType.toOci(MediaType.DOCKER_LAYER_GZIP));
    assertEquals(Optional.of(MediaType.DOCKER_MANIFEST), MediaType.toDocker(MediaType.OCI_MANIFEST));
    assertEquals(Optional.empty(), MediaType.toDocker(MediaType.OCI_EMPTY));
    assertEquals(MediaType.DOCKER_LAYER_GZIP, MediaType.withCompression(MediaType.DOCKER_LAYER_ZSTD, Compression.GZIP));
    assertEquals(MediaType.OCI_LAYER_ZSTD, MediaType.withCompression(MediaType.OCI_LAYER, Compression.ZSTD));
    for (String t : List.of(MediaType.DOCKER_MANIFEST, MediaType.DOCKER_MANIFEST_LIST, MediaType.DOCKER_CONFIG,
        MediaType.DOCKER_LAYER, MediaType.DOCKER_LAYER_GZIP, MediaType.DOCKER_FOREIGN_LAYER_GZIP)) {
      assertEquals(Optional.of(t), MediaType.toDocker(MediaType.toOci(t)), t);
    }
  }

  @Test
  void descriptorBuilderAndEquality() {
    Descriptor d = Descriptor.builder().mediaType(MediaType.OCI_MANIFEST).digest(Digest.parse(D1)).size(3)
        .annotation(Index.ANNOTATION_REF_NAME, "latest").platform(Platform.parse("linux/amd64")).build();
    assertEquals(d, d.toBuilder().build());
    assertEquals(Optional.of("latest"), d.annotation(Index.ANNOTATION_REF_NAME));
    assertFalse(d.equals(d.withPlatform(null)));
    assertEquals(Map.of(), Descriptor.of(MediaType.OCI_CONFIG, new byte[] {'{', '}'}).annotations());
    assertThrows(IllegalArgumentException.class, () -> Descriptor.of("x", Digest.parse(D1), -1));
    assertThrows(NullPointerException.class, () -> Descriptor.builder().size(1).build());
  }
}
