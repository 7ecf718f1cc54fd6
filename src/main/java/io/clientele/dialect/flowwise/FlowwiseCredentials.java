package io.clientele.dialect.flowwise;

import io.clientele.merchant.CredentialKind;
import io.clientele.merchant.Secrets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Flowwise clients: a public client id ({@code CF} + 20 hex), which is the lookup, and a client
 * secret ({@code cfsk_} + 48 hex), each acting for one project of its merchant.
 */
public final class FlowwiseCredentials implements CredentialKind {
  static final String WIRE_NAME = "flowwise";
  private static final Field CLIENT_ID =
      new Field(
          "client_id",
          Pattern.compile("CF[0-9A-F]{20}"),
          "CF and 20 upper-case hex characters",
          false);
  private static final Field CLIENT_SECRET =
      new Field(
          "client_secret",
          Pattern.compile("cfsk_[0-9a-f]{48}"),
          "cfsk_ and 48 lower-case hex characters",
          true);

  @Override
  public String wireName() {
    return WIRE_NAME;
  }

  @Override
  public boolean actsForProject() {
    return true;
  }

  @Override
  public Minted mint(String projectId) {
    return made("CF" + Secrets.hex(10), "cfsk_" + Secrets.lowerHex(24), projectId);
  }

  @Override
  public List<Field> fields() {
    return List.of(CLIENT_ID, CLIENT_SECRET);
  }

  @Override
  public Minted fromGiven(Map<String, String> given, String projectId) {
    return made(given.get(CLIENT_ID.name()), given.get(CLIENT_SECRET.name()), projectId);
  }

  private static Minted made(String clientId, String clientSecret, String projectId) {
    Map<String, String> shown = new LinkedHashMap<>();
    shown.put(CLIENT_ID.name(), clientId);
    shown.put(CLIENT_SECRET.name(), clientSecret);
    shown.put("project_id", projectId);
    return new Minted(clientId, clientSecret, null, shown);
  }

  @Override
  public String lookupOf(String identifier) {
    return identifier;
  }
}
