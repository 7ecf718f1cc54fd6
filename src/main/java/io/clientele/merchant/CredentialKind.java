package io.clientele.merchant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How one dialect's credentials are made, found, stored and shown once. Each dialect package has
 * its own, registered by the composition root in {@link CredentialKinds}, so a new dialect brings
 * its credentials without an edit here or a migration.
 */
public interface CredentialKind {

  /**
   * The dialect's wire name: the admin API's {@code "dialect"}, the stored {@code
   * credentials.dialect} and {@link Caller#dialect()}.
   */
  String wireName();

  /** Whether a credential acts for one project of its merchant; the admin API then requires one. */
  default boolean actsForProject() {
    return false;
  }

  /**
   * A new secret.
   *
   * @param projectId the project it acts for when {@link #actsForProject()}, else {@code null}
   */
  Minted mint(String projectId);

  /**
   * The fields the admin API shows of a new credential of this kind, {@code project_id} aside, in
   * the order it shows them: what a sandbox keys file gives instead of fresh values.
   */
  List<Field> fields();

  /**
   * The credential made of well-known {@code given} values instead of fresh ones (a sandbox keys
   * file), the same as {@link #mint} would have made had it drawn them.
   *
   * @param given a value for each of {@link #fields()} that {@link #problems} accepts, and nothing
   *     else
   * @param projectId as for {@link #mint}
   */
  Minted fromGiven(Map<String, String> given, String projectId);

  /**
   * What keeps {@code given} from being this kind's credential, each naming the field and the rule
   * it breaks and never a value: fields that are not this kind's, in the order given, then each of
   * its {@link #fields()} missing or of another shape than the one it issues. Empty when {@link
   * #fromGiven} may take them.
   */
  default List<String> problems(Map<String, String> given) {
    List<String> problems = new ArrayList<>();
    List<String> names = fields().stream().map(Field::name).toList();
    for (String name : given.keySet()) {
      if (!names.contains(name)) {
        problems.add("unknown field '" + name + "'");
      }
    }
    for (Field field : fields()) {
      String value = given.get(field.name());
      if (value == null) {
        problems.add(field.name() + " is missing");
      } else if (!field.accepts(value)) {
        problems.add(field.name() + " must be " + field.rule());
      }
    }
    return problems;
  }

  /**
   * The public part of a presented identifier that finds the stored credential; where the
   * identifier is the secret itself, only a prefix of it, so the stored row never holds the secret.
   */
  String lookupOf(String identifier);

  /** The first {@code length} characters of {@code identifier}, or all of a shorter one. */
  static String prefix(String identifier, int length) {
    return identifier.length() <= length ? identifier : identifier.substring(0, length);
  }

  /**
   * One field of a new credential as the admin API shows it.
   *
   * @param shape what a given value must match: the shape this kind issues
   * @param rule that shape in words, completing "{@code <name> must be …}"
   * @param secret whether the value proves the credential, so it is never printed
   */
  record Field(String name, Pattern shape, String rule, boolean secret) {
    public boolean accepts(String value) {
      return shape.matcher(value).matches();
    }
  }

  /**
   * A freshly made secret, before it is stored.
   *
   * @param identifier what a request presents to name the credential; its {@link #lookupOf} is
   *     stored
   * @param secret what a request presents to prove it; stored only as its SHA-256
   * @param kept what the server must read back in clear (Airpay's checksum key), else {@code null};
   *     the issuer stores it sealed under the data key, bound to the credential id, so a kind holds
   *     no key and can be consulted before the data key is read
   * @param shown what the admin caller is shown this once, in the admin API's field names
   */
  record Minted(String identifier, String secret, String kept, Map<String, String> shown) {
    public Minted {
      shown = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(shown));
    }

    @Override
    public String toString() {
      return "Minted[shown=" + shown.keySet() + "]";
    }
  }
}
