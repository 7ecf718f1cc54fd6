package io.clientele.merchant;

import java.util.List;
import java.util.Map;

/**
 * A credential kind whose one secret both names and proves it, shown as {@code api_key}: Juspay's
 * keys and the canonical API's. A kind says how a key is drawn and how much of it is looked up.
 */
public abstract class ApiKeyKind implements CredentialKind {
  private final String wireName;
  private final Field apiKey;

  protected ApiKeyKind(String wireName, Field apiKey) {
    this.wireName = wireName;
    this.apiKey = apiKey;
  }

  /** A new key of this kind's shape. */
  protected abstract String drawKey();

  @Override
  public final String wireName() {
    return wireName;
  }

  @Override
  public final Minted mint(String projectId) {
    return made(drawKey());
  }

  @Override
  public final List<Field> fields() {
    return List.of(apiKey);
  }

  @Override
  public final Minted fromGiven(Map<String, String> given, String projectId) {
    return made(given.get(apiKey.name()));
  }

  private Minted made(String key) {
    return new Minted(key, key, null, Map.of(apiKey.name(), key));
  }
}
