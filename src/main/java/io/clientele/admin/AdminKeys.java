package io.clientele.admin;

import io.clientele.merchant.MerchantException;
import io.clientele.server.Json;
import io.clientele.storage.JdbcMerchantStore;
import io.clientele.storage.KeyRotations;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /admin/merchants/{merchant_id}/keys}: the merchant's data key versions and its latest
 * rotation's progress; {@code POST …/keys/rotate}: a new data key version, with every customer's
 * key re-wrapped under it in the background (202), or the rotation already running (200).
 */
public final class AdminKeys {
  private final KeyRotations rotations;
  private final JdbcMerchantStore merchants;

  public AdminKeys(KeyRotations rotations, JdbcMerchantStore merchants) {
    this.rotations = rotations;
    this.merchants = merchants;
  }

  public void show(Context ctx) {
    String merchantId = existing(ctx);
    Json.respond(ctx, 200, view(rotations.status(merchantId)));
  }

  public void rotate(Context ctx) {
    String merchantId = existing(ctx);
    KeyRotations.Started started = rotations.start(merchantId);
    Json.respond(ctx, started.started() ? 202 : 200, view(started.status()));
  }

  private String existing(Context ctx) {
    String merchantId = ctx.pathParam("merchant_id");
    merchants.find(merchantId).orElseThrow(() -> new MerchantException.NotFound(merchantId));
    return merchantId;
  }

  static Map<String, Object> view(KeyRotations.Status status) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("merchant_id", status.merchantId());
    view.put("data_key_version", status.currentVersion());
    view.put("data_key_versions", status.versions());
    view.put("master_key_id", status.masterKeyId());
    view.put("rotation", status.rotation().map(AdminKeys::rotation).orElse(null));
    return view;
  }

  private static Map<String, Object> rotation(KeyRotations.Rotation rotation) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("to_version", rotation.toVersion());
    view.put("state", rotation.finished() ? "finished" : "running");
    view.put("customers_rewrapped", rotation.rewrapped());
    view.put("customers_total", rotation.total());
    view.put("started_at", rotation.startedAt().toString());
    view.put("finished_at", rotation.finishedAt().map(Object::toString).orElse(null));
    return view;
  }
}
