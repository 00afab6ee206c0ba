package dev.containerd4j.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks that no public signature of a module mentions a type it must keep internal.
 *
 * <p>It loads every class compiled into a module's output directory (the content of its jar),
 * skips packages containing {@code .internal}, and inspects every public or protected part of
 * every public class: supertypes, type-parameter bounds, fields, constructor and method parameters,
 * return types, and thrown exceptions, generics included. Besides the forbidden prefixes, a
 * containerd4j type from an {@code .internal} package (generated stubs included) is a violation
 * too.
 */
public final class PublicSignatures {

  /** What no public signature of containerd4j may mention. */
  public static final List<String> FORBIDDEN =
      List.of("io.grpc.", "com.google.protobuf.", "io.netty.", "com.fasterxml.jackson.");

  private PublicSignatures() {}

  /** Fails the test if a public signature in {@code target/classes} of this module is unclean. */
  public static void assertCleanModule() {
    assertClean(Paths.get("target", "classes"), FORBIDDEN);
  }

  /** Fails the test listing every violation found under {@code classesDir}. */
  public static void assertClean(Path classesDir, List<String> forbiddenPrefixes) {
    List<String> problems = violations(classesDir, forbiddenPrefixes);
    if (!problems.isEmpty()) {
      fail(
          problems.size()
              + " public signature(s) expose internal types (move them to an .internal package or wrap them):\n  "
              + String.join("\n  ", problems));
    }
  }

  /** Every violation under {@code classesDir}, one line each. */
  public static List<String> violations(Path classesDir, List<String> forbiddenPrefixes) {
    if (!Files.isDirectory(classesDir)) {
      fail("no compiled classes at " + classesDir.toAbsolutePath() + " (run from the module directory after compile)");
    }
    List<String> names;
    try (Stream<Path> s = Files.walk(classesDir)) {
      names =
          s.filter(p -> p.toString().endsWith(".class"))
              .map(p -> classesDir.relativize(p).toString())
              .filter(n -> !n.endsWith("module-info.class") && !n.endsWith("package-info.class"))
              .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.').replace('\\', '.'))
              .sorted()
              .collect(Collectors.toList());
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + classesDir, e);
    }
    List<String> problems = new ArrayList<>();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (String name : names) {
      if (name.contains(".internal.") || name.endsWith(".internal")) {
        continue;
      }
      Class<?> c;
      try {
        c = Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        problems.add(name + ": cannot load (" + e + ")");
        continue;
      }
      if (isApi(c)) {
        new Inspector(c, forbiddenPrefixes, problems).inspect();
      }
    }
    return problems;
  }

  /** Public (or protected nested) all the way out, and not synthetic. */
  private static boolean isApi(Class<?> c) {
    if (c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) {
      return false;
    }
    for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
      int m = k.getModifiers();
      boolean nested = k.getDeclaringClass() != null;
      if (!Modifier.isPublic(m) && !(nested && Modifier.isProtected(m))) {
        return false;
      }
    }
    return true;
  }

  private static final class Inspector {
    private final Class<?> c;
    private final List<String> forbidden;
    private final List<String> problems;

    Inspector(Class<?> c, List<String> forbidden, List<String> problems) {
      this.c = c;
      this.forbidden = forbidden;
      this.problems = problems;
    }

    void inspect() {
      String cn = c.getName();
      check(c.getGenericSuperclass(), cn + " extends");
      for (Type t : c.getGenericInterfaces()) {
        check(t, cn + " implements");
      }
      for (TypeVariable<?> v : c.getTypeParameters()) {
        check(v, cn + " type parameter " + v.getName());
      }
      for (Field f : c.getDeclaredFields()) {
        if (visible(f.getModifiers()) && !f.isSynthetic()) {
          check(f.getGenericType(), cn + "." + f.getName());
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (visible(k.getModifiers()) && !k.isSynthetic()) {
          executable(k, cn + ".<init>");
        }
      }
      Set<String> seen = new java.util.HashSet<>();
      List<Method> methods = new ArrayList<>(List.of(c.getDeclaredMethods()));
      methods.addAll(List.of(c.getMethods())); // public methods inherited from a hidden superclass
      for (Method m : methods) {
        if (!seen.add(m.toGenericString()) || m.isSynthetic() || m.isBridge() || !visible(m.getModifiers())) {
          continue;
        }
        if (m.getDeclaringClass().getName().startsWith("java.")) {
          continue;
        }
        String where = cn + "." + m.getName();
        check(m.getGenericReturnType(), where + " returns");
        executable(m, where);
      }
    }

    private void executable(Executable e, String where) {
      for (Type t : e.getGenericParameterTypes()) {
        check(t, where + " parameter");
      }
      for (Type t : e.getGenericExceptionTypes()) {
        check(t, where + " throws");
      }
      for (TypeVariable<?> v : e.getTypeParameters()) {
        check(v, where + " type parameter " + v.getName());
      }
    }

    private static boolean visible(int modifiers) {
      return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private void check(Type t, String where) {
      walk(t, where, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private void walk(Type t, String where, Set<Type> visiting) {
      if (t == null || !visiting.add(t)) {
        return;
      }
      if (t instanceof Class) {
        Class<?> k = (Class<?>) t;
        while (k.isArray()) {
          k = k.getComponentType();
        }
        String n = k.getName();
        for (String f : forbidden) {
          if (n.startsWith(f)) {
            problems.add(where + ": " + n);
          }
        }
        if (n.startsWith("dev.containerd4j.") && n.contains(".internal.")) {
          problems.add(where + ": " + n + " (internal)");
        }
      } else if (t instanceof ParameterizedType) {
        ParameterizedType p = (ParameterizedType) t;
        walk(p.getRawType(), where, visiting);
        walk(p.getOwnerType(), where, visiting);
        for (Type a : p.getActualTypeArguments()) {
          walk(a, where, visiting);
        }
      } else if (t instanceof WildcardType) {
        for (Type b : ((WildcardType) t).getUpperBounds()) {
          walk(b, where, visiting);
        }
        for (Type b : ((WildcardType) t).getLowerBounds()) {
          walk(b, where, visiting);
        }
      } else if (t instanceof TypeVariable) {
        for (Type b : ((TypeVariable<?>) t).getBounds()) {
          walk(b, where, visiting);
        }
      } else if (t instanceof GenericArrayType) {
        walk(((GenericArrayType) t).getGenericComponentType(), where, visiting);
      }
    }
  }
}
