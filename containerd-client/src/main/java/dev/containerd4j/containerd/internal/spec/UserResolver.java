package dev.containerd4j.containerd.internal.spec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a Docker-style user ({@code name}, {@code uid}, {@code name:group}, {@code uid:gid}, or empty for root)
 * into numeric ids using the image's {@code /etc/passwd} and {@code /etc/group}, as containerd's client does:
 * a name must exist in the image; a bare uid takes the primary group of its passwd entry (0 without one);
 * supplementary groups are the groups listing the user as member. Stateless and thread-safe.
 */
public final class UserResolver {
    private UserResolver() {
    }

    private record Passwd(String name, long uid, long gid) {
    }

    private record Group(String name, long gid, List<String> members) {
    }

    /**
     * @throws IllegalArgumentException naming the user and the file when a name cannot be found
     */
    public static ResolvedUser resolve(String user, RootfsFiles files) {
        String spec = user == null ? "" : user.strip();
        String userPart = spec;
        String groupPart = null;
        int colon = spec.indexOf(':');
        if (colon >= 0) {
            userPart = spec.substring(0, colon);
            groupPart = spec.substring(colon + 1);
        }
        List<Passwd> passwd = parsePasswd(files.read("/etc/passwd").orElse(""));
        List<Group> groups = parseGroup(files.read("/etc/group").orElse(""));

        Passwd entry = null;
        long uid;
        long gid = 0;
        if (userPart.isEmpty()) {
            uid = 0;
            entry = passwd.stream().filter(p -> p.uid == 0).findFirst().orElse(null);
        } else if (isNumber(userPart)) {
            uid = Long.parseLong(userPart);
            entry = passwd.stream().filter(p -> p.uid == uid).findFirst().orElse(null);
        } else {
            String name = userPart;
            entry = passwd.stream().filter(p -> p.name.equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unable to find user " + name
                            + ": no matching entries in the image's /etc/passwd"));
            uid = entry.uid;
        }
        if (entry != null) {
            gid = entry.gid;
        }
        if (groupPart != null && !groupPart.isEmpty()) {
            if (isNumber(groupPart)) {
                gid = Long.parseLong(groupPart);
            } else {
                String gname = groupPart;
                gid = groups.stream().filter(g -> g.name.equals(gname)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unable to find group " + gname
                                + ": no matching entries in the image's /etc/group")).gid;
            }
        }
        Set<Long> extra = new LinkedHashSet<>();
        if (entry != null && groupPart == null) {
            String name = entry.name;
            for (Group g : groups) {
                if (g.members.contains(name) && g.gid != gid) {
                    extra.add(g.gid);
                }
            }
        }
        return new ResolvedUser(uid, gid, new ArrayList<>(extra));
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static List<Passwd> parsePasswd(String text) {
        List<Passwd> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 4 && !line.startsWith("#")) {
                Optional<Long> u = num(f[2]);
                Optional<Long> g = num(f[3]);
                if (u.isPresent() && g.isPresent()) {
                    out.add(new Passwd(f[0], u.get(), g.get()));
                }
            }
        }
        return out;
    }

    private static List<Group> parseGroup(String text) {
        List<Group> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && !line.startsWith("#")) {
                Optional<Long> g = num(f[2]);
                if (g.isPresent()) {
                    List<String> members = new ArrayList<>();
                    if (f.length >= 4) {
                        for (String m : f[3].split(",")) {
                            if (!m.isBlank()) {
                                members.add(m.strip());
                            }
                        }
                    }
                    out.add(new Group(f[0], g.get(), members));
                }
            }
        }
        return out;
    }

    private static Optional<Long> num(String s) {
        return isNumber(s.strip()) ? Optional.of(Long.parseLong(s.strip())) : Optional.empty();
    }
}
