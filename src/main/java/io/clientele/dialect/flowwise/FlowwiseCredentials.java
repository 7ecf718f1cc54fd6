package io.clientele.dialect.flowwise;

import io.clientele.merchant.CredentialKind;
import io.clientele.merchant.Secrets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flowwise clients: a public client id ({@code CF} + 20 hex), which is the lookup, and a client
 * secret ({@code cfsk_} + 48 hex), each acting for one project of its merchant.
 */
public final class FlowwiseCredentials implements CredentialKind {
  static final String WIRE_NAME = "flowwise";

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
    String clientId = "CF" + Secrets.hex(10);
    String clientSecret = "cfsk_" + Secrets.lowerHex(24);
    Map<String, String> shown = new LinkedHashMap<>();
    shown.put("client_id", clientId);
    shown.put("client_secret", clientSecret);
    shown.put("project_id", projectId);
    return new Minted(clientId, clientSecret, null, shown);
  }

  @Override
  public String lookupOf(String identifier) {
    return identifier;
  }
}
