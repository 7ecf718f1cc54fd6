package io.clientele.admin;

import io.clientele.config.SandboxKeys;
import io.clientele.merchant.CredentialKind;
import io.clientele.merchant.CredentialKinds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the values of a sandbox keys file mean, judged with the rest of the configuration by the
 * dialects' credential kinds: ids as the admin API takes them, each credential's fields in the
 * shape its kind issues, and no two credentials a lookup would confuse.
 */
public final class SandboxKeyRules {
  static final String PROJECT_ID = "project_id";

  private final CredentialKinds kinds;

  public SandboxKeyRules(CredentialKinds kinds) {
    this.kinds = kinds;
  }

  /**
   * Every problem of the file's values in the file's order, each naming its place and never a
   * value.
   */
  public List<String> problems(SandboxKeys keys) {
    List<String> problems = new ArrayList<>();
    if (!AdminApi.ID.matcher(keys.merchantId()).matches()) {
      problems.add("merchant_id " + AdminApi.ID_RULE);
    }
    Map<String, Seen> byLookup = new HashMap<>();
    for (SandboxKeys.Entry entry : keys.credentials()) {
      Optional<CredentialKind> kind = kinds.find(entry.dialect());
      if (kind.isEmpty()) {
        // Not shown: a value of the file, where a secret pasted one field off would be printed.
        problems.add(
            "credentials["
                + entry.index()
                + "]: dialect is not one of "
                + String.join(", ", kinds.wireNames()));
        continue;
      }
      List<String> own = problems(kind.get(), entry);
      own.forEach(problem -> problems.add(entry.name() + ": " + problem));
      if (own.isEmpty()) {
        duplicate(kind.get(), entry, byLookup).ifPresent(problems::add);
      }
    }
    return problems;
  }

  private List<String> problems(CredentialKind kind, SandboxKeys.Entry entry) {
    List<String> problems = new ArrayList<>(kind.problems(given(entry)));
    String projectId = entry.values().get(PROJECT_ID);
    if (kind.actsForProject() && projectId == null) {
      problems.add(PROJECT_ID + " is missing");
    } else if (kind.actsForProject() && !AdminApi.ID.matcher(projectId).matches()) {
      problems.add(PROJECT_ID + " " + AdminApi.ID_RULE);
    } else if (!kind.actsForProject() && projectId != null) {
      problems.add(
          PROJECT_ID
              + " is only for the "
              + String.join(", ", kinds.projectWireNames())
              + " dialect");
    }
    return problems;
  }

  /** An earlier credential of the file, by what finds it. */
  private record Seen(int index, String identifier) {}

  /**
   * A credential a lookup would confuse with an earlier one of the file: the same identifier, or
   * one starting alike where only a prefix finds the credential.
   */
  private static Optional<String> duplicate(
      CredentialKind kind, SandboxKeys.Entry entry, Map<String, Seen> byLookup) {
    Map<String, String> given = given(entry);
    String identifier = kind.fromGiven(given, projectId(kind, entry)).identifier();
    String lookup = kind.lookupOf(identifier);
    Seen earlier =
        byLookup.putIfAbsent(kind.wireName() + " " + lookup, new Seen(entry.index(), identifier));
    if (earlier == null) {
      return Optional.empty();
    }
    String field =
        kind.fields().stream()
            .map(CredentialKind.Field::name)
            .filter(name -> identifier.equals(given.get(name)))
            .findFirst()
            .orElse("identifier");
    String other = "credentials[" + earlier.index() + "]";
    if (earlier.identifier().equals(identifier)) {
      return Optional.of(entry.name() + " repeats the " + field + " of " + other);
    }
    return Optional.of(
        entry.name()
            + ": its "
            + field
            + " starts with the same "
            + lookup.length()
            + " characters as that of "
            + other
            + ", and those are what find a "
            + kind.wireName()
            + " credential");
  }

  /** The entry's values its kind judges: all but the project, which the admin API takes apart. */
  static Map<String, String> given(SandboxKeys.Entry entry) {
    Map<String, String> given = new LinkedHashMap<>(entry.values());
    given.remove(PROJECT_ID);
    return given;
  }

  /** The project the entry's credential acts for, or {@code null} for a kind acting for none. */
  static String projectId(CredentialKind kind, SandboxKeys.Entry entry) {
    return kind.actsForProject() ? entry.values().get(PROJECT_ID) : null;
  }
}
