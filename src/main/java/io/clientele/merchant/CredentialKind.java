package io.clientele.merchant;

import java.util.LinkedHashMap;
import java.util.Map;

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
   * The public part of a presented identifier that finds the stored credential; where the
   * identifier is the secret itself, only a prefix of it, so the stored row never holds the secret.
   */
  String lookupOf(String identifier);

  /** The first {@code length} characters of {@code identifier}, or all of a shorter one. */
  static String prefix(String identifier, int length) {
    return identifier.length() <= length ? identifier : identifier.substring(0, length);
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
