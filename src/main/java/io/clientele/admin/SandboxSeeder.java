package io.clientele.admin;

import io.clientele.config.SandboxKeys;
import io.clientele.merchant.Credential;
import io.clientele.merchant.CredentialIssuer;
import io.clientele.merchant.CredentialKind;
import io.clientele.merchant.CredentialKinds;
import io.clientele.merchant.KeyOwner;
import io.clientele.merchant.Merchant;
import io.clientele.merchant.MerchantException;
import io.clientele.merchant.SecretSealer;
import io.clientele.storage.JdbcMerchantStore;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes sure, at start, that every credential of a sandbox keys file is stored, so a test suite can
 * hard-code them: each absent one is created (with its merchant and project), each stored with the
 * same secret is kept, and a start meeting one stored otherwise is refused, since serving would
 * leave the file's key refused or someone else's key alive.
 */
public final class SandboxSeeder {
  static final String MERCHANT_NAME = "Sandbox";

  private final JdbcMerchantStore merchants;
  private final CredentialIssuer issuer;
  private final CredentialKinds kinds;
  private final SecretSealer sealer;
  private final Clock clock;

  /**
   * @param sealer opens stored secret keys, to compare them with the file's
   */
  public SandboxSeeder(
      JdbcMerchantStore merchants,
      CredentialIssuer issuer,
      CredentialKinds kinds,
      SecretSealer sealer,
      Clock clock) {
    this.merchants = merchants;
    this.issuer = issuer;
    this.kinds = kinds;
    this.sealer = sealer;
    this.clock = clock;
  }

  /**
   * What became of one credential of the file.
   *
   * @param shown its public fields (a Flowwise client id and project), never a secret
   * @param created whether this start stored it, rather than finding it stored
   */
  public record Seeded(
      String dialect, String credentialId, Map<String, String> shown, boolean created) {}

  /** A credential of the file, made ready to store, with what is stored under its lookup. */
  private record Planned(
      SandboxKeys.Entry entry,
      CredentialKind kind,
      CredentialIssuer.Issued issued,
      Optional<KeyOwner> stored) {}

  /**
   * Stores the credentials of {@code keys} that are absent and keeps those stored with the same
   * secret; writes nothing when one is stored otherwise. Two nodes starting at once with the same
   * file both succeed: the database's unique key on a lookup lets one store it, and the other finds
   * it stored.
   *
   * @throws IllegalStateException naming the file and each credential stored with another secret,
   *     merchant or project, or revoked (or a problem of the file's values, which the configuration
   *     should have refused); never a secret
   */
  public List<Seeded> ensure(SandboxKeys keys) {
    List<String> problems = new SandboxKeyRules(kinds).problems(keys);
    if (!problems.isEmpty()) {
      throw refused(keys, problems);
    }
    List<Planned> planned = keys.credentials().stream().map(e -> plan(keys, e)).toList();
    List<String> conflicts =
        planned.stream()
            .flatMap(p -> p.stored().flatMap(owner -> conflict(keys, p, owner)).stream())
            .toList();
    if (!conflicts.isEmpty()) {
      throw refused(keys, conflicts);
    }
    ensureMerchant(keys.merchantId());
    return planned.stream().map(p -> store(keys, p)).toList();
  }

  private Planned plan(SandboxKeys keys, SandboxKeys.Entry entry) {
    CredentialKind kind = kinds.require(entry.dialect());
    CredentialIssuer.Issued issued =
        issuer.fromGiven(
            keys.merchantId(),
            kind,
            SandboxKeyRules.projectId(kind, entry),
            SandboxKeyRules.given(entry));
    Credential credential = issued.credential();
    return new Planned(
        entry, kind, issued, merchants.findKeyOwner(credential.dialect(), credential.lookup()));
  }

  private void ensureMerchant(String merchantId) {
    if (merchants.find(merchantId).isPresent()) {
      return;
    }
    try {
      merchants.create(
          new Merchant(
              merchantId,
              MERCHANT_NAME,
              List.of(),
              clock.instant().truncatedTo(ChronoUnit.SECONDS)));
    } catch (MerchantException.AlreadyExists anotherNodeMadeIt) {
      // it exists, which is all the credentials need
    }
  }

  private Seeded store(SandboxKeys keys, Planned planned) {
    if (planned.stored().isPresent()) {
      return seeded(planned, planned.stored().get().credential(), false);
    }
    Credential credential = planned.issued().credential();
    if (merchants.addCredentialUnlessLookupTaken(credential)) {
      return seeded(planned, credential, true);
    }
    KeyOwner winner =
        merchants
            .findKeyOwner(credential.dialect(), credential.lookup())
            .orElseThrow(
                () ->
                    refused(
                        keys,
                        List.of(
                            planned.entry().name()
                                + " lost its lookup to a credential that is gone again;"
                                + " start again")));
    Optional<String> conflict = conflict(keys, planned, winner);
    if (conflict.isPresent()) {
      throw refused(keys, List.of(conflict.get()));
    }
    return seeded(planned, winner.credential(), false);
  }

  /** Why the stored credential is not the file's, if it is not. */
  private Optional<String> conflict(SandboxKeys keys, Planned planned, KeyOwner owner) {
    Credential stored = owner.credential();
    Credential seeded = planned.issued().credential();
    String as = planned.entry().name() + " is stored as " + stored.id();
    if (!stored.merchantId().equals(keys.merchantId())) {
      return Optional.of(
          as + " of merchant '" + stored.merchantId() + "', not '" + keys.merchantId() + "'");
    }
    if (stored.revokedAt() != null) {
      return Optional.of(as + ", revoked or rotated: it is never restored, so seed another key");
    }
    try {
      if (!sameSecret(stored, seeded)) {
        return Optional.of(as + " with another secret");
      }
    } catch (IllegalStateException sealedUnderAnotherKey) {
      return Optional.of(as + ", sealed under another data key than this node's");
    }
    if (!Objects.equals(stored.projectId(), seeded.projectId())) {
      return Optional.of(
          as + " for project '" + stored.projectId() + "', not '" + seeded.projectId() + "'");
    }
    return Optional.empty();
  }

  /** The same secret's hash and, where one is kept, the same kept secret: all in constant time. */
  private boolean sameSecret(Credential stored, Credential seeded) {
    if (!MessageDigest.isEqual(stored.secretHash(), seeded.secretHash())) {
      return false;
    }
    if (stored.sealedSecret() == null || seeded.sealedSecret() == null) {
      return stored.sealedSecret() == null && seeded.sealedSecret() == null;
    }
    return MessageDigest.isEqual(
        opened(stored).getBytes(StandardCharsets.UTF_8),
        opened(seeded).getBytes(StandardCharsets.UTF_8));
  }

  private String opened(Credential credential) {
    return sealer.open(credential.sealedSecret(), credential.id());
  }

  private Seeded seeded(Planned planned, Credential stored, boolean created) {
    Map<String, String> shown = new LinkedHashMap<>(planned.issued().shown());
    shown.remove("credential_id");
    planned.kind().fields().stream()
        .filter(CredentialKind.Field::secret)
        .forEach(field -> shown.remove(field.name()));
    return new Seeded(planned.kind().wireName(), stored.id(), shown, created);
  }

  private static IllegalStateException refused(SandboxKeys keys, List<String> problems) {
    return new IllegalStateException(
        "sandbox-keys: " + keys.file() + ": " + String.join("; ", problems));
  }

  /**
   * Says which credentials the file seeded, by dialect and public identifier, never a secret, and
   * that they are public.
   */
  public static void print(SandboxKeys keys, List<Seeded> seeded, PrintStream out) {
    out.println();
    out.println(
        "Sandbox keys of merchant '"
            + keys.merchantId()
            + "' from "
            + keys.file()
            + " (their secrets are in that file and not shown):");
    seeded.forEach(s -> out.println("  " + line(s)));
    out.println(
        "Warning: these are public test credentials, usable by anyone who has the file;"
            + " never seed them into a production database.");
    out.println();
  }

  static String line(Seeded seeded) {
    StringBuilder line =
        new StringBuilder(String.format(Locale.ROOT, "%-9s", seeded.dialect()))
            .append(" credential_id=")
            .append(seeded.credentialId());
    seeded
        .shown()
        .forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
    return line.append(seeded.created() ? " (created)" : " (already stored)").toString();
  }
}
