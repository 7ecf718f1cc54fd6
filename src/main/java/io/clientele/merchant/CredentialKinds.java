package io.clientele.merchant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The credential kinds this build speaks, by wire name, as the composition root registered them.
 */
public final class CredentialKinds {
  private final Map<String, CredentialKind> byWireName = new LinkedHashMap<>();

  /**
   * @throws IllegalArgumentException if two kinds share a wire name
   */
  public CredentialKinds(List<CredentialKind> kinds) {
    for (CredentialKind kind : kinds) {
      if (byWireName.putIfAbsent(kind.wireName(), kind) != null) {
        throw new IllegalArgumentException(
            "two credential kinds are named " + kind.wireName() + "; wire names must be unique");
      }
    }
  }

  public Optional<CredentialKind> find(String wireName) {
    return Optional.ofNullable(byWireName.get(wireName));
  }

  /**
   * @throws IllegalStateException if no kind has this name: a stored credential of a dialect this
   *     build does not speak
   */
  public CredentialKind require(String wireName) {
    return find(wireName)
        .orElseThrow(() -> new IllegalStateException("no credential kind named " + wireName));
  }

  /** The wire names in the order they were registered. */
  public List<String> wireNames() {
    return List.copyOf(byWireName.keySet());
  }

  /** The wire names of the kinds that act for a project, in the order they were registered. */
  public List<String> projectWireNames() {
    return byWireName.values().stream()
        .filter(CredentialKind::actsForProject)
        .map(CredentialKind::wireName)
        .toList();
  }
}
