package io.clientele.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clientele.storage.Database;
import io.clientele.testing.JsonAssert;
import io.clientele.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Personal values and references written through every dialect and the import, changed and erased,
 * appear in clear in no column of any table, nor in the embedded database's file: the server keeps
 * them only sealed, and looks them up by blind indexes.
 */
class PlaintextScanTest {
  @TempDir Path dataDir;

  /** A value written through the API, and a name for it a failure message may show. */
  record Written(String label, String text) {}

  /** A value the test stores in clear on purpose, so the scan is shown to find what is there. */
  static final String CONTROL = "Zebulon Quartermaine Traders";

  @ParameterizedTest
  @EnumSource(TestDatabase.Engine.class)
  void storesNoPersonalValueNorReferenceInClearInAnyColumn(TestDatabase.Engine engine)
      throws Exception {
    try (VaultServer vault = new VaultServer(engine, dataDir)) {
      List<Written> written = writeThroughEveryRoute(vault);
      Map<String, List<String>> stored;
      try (Database database = vault.open();
          Connection connection = database.dataSource().getConnection()) {
        stored = VaultServer.everyValue(connection);
      }

      assertThat(stored)
          .as("the scan reads every table the migrations made")
          .containsKeys(
              "customers.personal",
              "customers.email_key",
              "customer_changes.personal_values",
              "customer_changes.fields",
              "merchants.name",
              "merchant_keys.wrapped_key");
      assertThat(hits(stored, List.of(new Written("control merchant name", CONTROL))))
          .as("the scan finds a value stored in clear")
          .containsExactly("merchants.name holds control merchant name");
      assertThat(hits(stored, written)).as("personal values found in clear").isEmpty();
    }
  }

  @Test
  void leavesNoPersonalValueNorReferenceInTheEmbeddedDatabaseFile() throws Exception {
    List<Written> written;
    try (VaultServer vault = new VaultServer(TestDatabase.Engine.H2, dataDir)) {
      written = writeThroughEveryRoute(vault);
      vault.stop();
    }
    List<Path> files;
    try (Stream<Path> found = Files.walk(dataDir.resolve("db"))) {
      files = found.filter(Files::isRegularFile).toList();
    }
    assertThat(files).extracting(f -> f.getFileName().toString()).contains("clientele.mv.db");
    Map<String, List<String>> contents = new LinkedHashMap<>();
    for (Path file : files) {
      contents.put(
          file.getFileName().toString(),
          List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)));
    }

    assertThat(hits(contents, List.of(new Written("control merchant name", CONTROL))))
        .as("the scan finds a value the file holds in clear")
        .containsExactly("clientele.mv.db holds control merchant name");
    assertThat(hits(contents, written)).as("personal values found in the file").isEmpty();
  }

  /**
   * Where each written value (as written, in lower case) is found among {@code stored}, as {@code
   * <place> holds <label>}.
   */
  static List<String> hits(Map<String, List<String>> stored, List<Written> written) {
    List<String> hits = new ArrayList<>();
    for (Map.Entry<String, List<String>> place : stored.entrySet()) {
      for (Written value : written) {
        String wanted = value.text().toLowerCase(Locale.ROOT);
        boolean found =
            place.getValue().stream()
                .anyMatch(
                    text ->
                        text.contains(value.text())
                            || text.toLowerCase(Locale.ROOT).contains(wanted));
        if (found) {
          hits.add(place.getKey() + " holds " + value.label());
        }
      }
    }
    return hits;
  }

  /**
   * Creates customers through Juspay, Flowwise, the canonical API (with metadata) and the import,
   * changes them through Juspay, Flowwise, Airpay and the canonical API, and erases one through
   * Flowwise; answers every value written, and the forms a phone is searched by.
   */
  static List<Written> writeThroughEveryRoute(VaultServer vault) {
    VaultServer.Merchant shop = vault.merchant("vaultshop", CONTROL);
    List<Written> written = new ArrayList<>();

    HttpResponse<String> juspay =
        vault.juspayPost(
            shop,
            "/customers",
            VaultServer.form(
                Map.of(
                    "object_reference_id", "jusref-Qwvx4821",
                    "first_name", "Xanthippe",
                    "last_name", "Quillsworth",
                    "email_address", "Xanthippe.Quill@Vault-Scan.example",
                    "mobile_country_code", "44",
                    "mobile_number", "7700914263")));
    assertThat(juspay.statusCode()).as(juspay.body()).isEqualTo(200);
    String juspayId = JsonAssert.parse(juspay.body()).get("id").textValue();
    written.add(new Written("Juspay reference", "jusref-Qwvx4821"));
    written.add(new Written("Juspay first name", "Xanthippe"));
    written.add(new Written("Juspay last name", "Quillsworth"));
    written.add(new Written("Juspay email", "Xanthippe.Quill@Vault-Scan.example"));
    phone(written, "Juspay phone", "44", "7700914263");

    HttpResponse<String> changed =
        vault.juspayPost(
            shop,
            "/customers/" + juspayId,
            VaultServer.form(
                Map.of(
                    "first_name", "Philomela",
                    "email_address", "Philo.QUILLSWORTH@Vault-Scan.example",
                    "mobile_number", "7700958317")));
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    written.add(new Written("Juspay changed first name", "Philomela"));
    written.add(new Written("Juspay changed email", "Philo.QUILLSWORTH@Vault-Scan.example"));
    phone(written, "Juspay changed phone", "44", "7700958317");

    HttpResponse<String> flowwise =
        vault.flowwise(
            shop,
            "POST",
            "/router/customer",
            "{\"customer_id\":\"flowref-Zmkq7730\",\"scope\":\"GLOBAL\","
                + "\"name\":\"Ottoline Vexbridge\",\"phone\":\"+6591827364\","
                + "\"email\":\"Ottoline.VEX@Scan-Mail.example\","
                + "\"address\":\"19 Wyvern Crescent, Brambleholt\"}");
    assertThat(flowwise.statusCode()).as(flowwise.body()).isEqualTo(200);
    written.add(new Written("Flowwise reference", "flowref-Zmkq7730"));
    written.add(new Written("Flowwise name", "Ottoline Vexbridge"));
    written.add(new Written("Flowwise email", "Ottoline.VEX@Scan-Mail.example"));
    written.add(new Written("Flowwise address", "19 Wyvern Crescent, Brambleholt"));
    phone(written, "Flowwise phone", "65", "91827364");

    HttpResponse<String> put =
        vault.flowwise(
            shop,
            "PUT",
            "/router/customer/flowref-Zmkq7730",
            "{\"customer_id\":\"flowref-Zmkq7730\",\"scope\":\"GLOBAL\","
                + "\"name\":\"Ottoline Marrowby\",\"address\":\"42 Quaggan Rise, Thistlecombe\"}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    written.add(new Written("Flowwise changed name", "Ottoline Marrowby"));
    written.add(new Written("Flowwise changed address", "42 Quaggan Rise, Thistlecombe"));

    HttpResponse<String> imported =
        vault.importRows(
            shop.id(),
            "{\"reference\":\"impref-Kqzt5519\",\"first_name\":\"Imogen\","
                + "\"last_name\":\"Farthingale\",\"name\":\"Imogen Farthingale\","
                + "\"email\":\"Imogen.Farthingale@Import-Scan.example\","
                + "\"mobile_country_code\":\"91\",\"mobile_number\":\"9812734650\","
                + "\"address\":\"5 Orrery Lane\",\"city\":\"Quorlington\",\"state\":\"Wexmoria\","
                + "\"country\":\"Zembla Minor\",\"pincode\":\"PZ-48213\"}");
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    JsonAssert.assertJson(imported.body(), "{\"created\":1,\"unchanged\":0,\"rejected\":[]}");
    written.add(new Written("imported reference", "impref-Kqzt5519"));
    written.add(new Written("imported first name", "Imogen"));
    written.add(new Written("imported last name", "Farthingale"));
    written.add(new Written("imported name", "Imogen Farthingale"));
    written.add(new Written("imported email", "Imogen.Farthingale@Import-Scan.example"));
    written.add(new Written("imported address", "5 Orrery Lane"));
    written.add(new Written("imported city", "Quorlington"));
    written.add(new Written("imported state", "Wexmoria"));
    written.add(new Written("imported country", "Zembla Minor"));
    written.add(new Written("imported pincode", "PZ-48213"));
    phone(written, "imported phone", "91", "9812734650");

    HttpResponse<String> airpay =
        vault.airpay(
            shop,
            VaultServer.form(
                Map.of(
                    "entity_id", "impref-Kqzt5519",
                    "email", "Imogen.F@Airpay-Scan.example",
                    "mobile_no", "9871203456",
                    "address", "88 Juniper Vale Road",
                    "city", "Marrowdeep",
                    "state", "Quillshire",
                    "country", "Yonder Isles",
                    "pincode", "604917")));
    assertThat(airpay.statusCode())
        .as(airpay.headers().firstValue("x-clientele-reason").orElse(airpay.body()))
        .isEqualTo(200);
    written.add(new Written("Airpay email", "Imogen.F@Airpay-Scan.example"));
    written.add(new Written("Airpay address", "88 Juniper Vale Road"));
    written.add(new Written("Airpay city", "Marrowdeep"));
    written.add(new Written("Airpay state", "Quillshire"));
    written.add(new Written("Airpay country", "Yonder Isles"));
    written.add(new Written("Airpay pincode", "604917"));
    phone(written, "Airpay phone", "91", "9871203456");

    HttpResponse<String> doomed =
        vault.juspayPost(
            shop,
            "/customers",
            VaultServer.form(
                Map.of(
                    "object_reference_id", "eraseref-Tbnw3306",
                    "first_name", "Persephone",
                    "last_name", "Gallowglass",
                    "email_address", "Persephone.G@Erase-Scan.example",
                    "mobile_country_code", "61",
                    "mobile_number", "412739568")));
    assertThat(doomed.statusCode()).as(doomed.body()).isEqualTo(200);
    HttpResponse<String> doomedChanged =
        vault.airpay(
            shop, "entity_id=eraseref-Tbnw3306&address=3%20Cinderwick%20Yard&city=Hollowmere");
    assertThat(doomedChanged.statusCode())
        .as(doomedChanged.headers().firstValue("x-clientele-reason").orElse(""))
        .isEqualTo(200);
    HttpResponse<String> erased =
        vault.flowwise(shop, "DELETE", "/router/customer/eraseref-Tbnw3306", null);
    assertThat(erased.statusCode()).as(erased.body()).isEqualTo(204);
    written.add(new Written("erased reference", "eraseref-Tbnw3306"));
    written.add(new Written("erased first name", "Persephone"));
    written.add(new Written("erased last name", "Gallowglass"));
    written.add(new Written("erased email", "Persephone.G@Erase-Scan.example"));
    written.add(new Written("erased address", "3 Cinderwick Yard"));
    written.add(new Written("erased city", "Hollowmere"));
    phone(written, "erased phone", "61", "412739568");

    HttpResponse<String> canonical =
        vault.canonical(
            shop,
            "POST",
            "/v1/customers",
            "{\"reference\":\"canref-Hjkq5512\",\"name\":\"Ottoline Marchbanks\","
                + "\"metadata\":{\"loyalty\":\"Quincunx-Sapphire-9931\"}}");
    assertThat(canonical.statusCode()).as(canonical.body()).isEqualTo(201);
    HttpResponse<String> canonicalChanged =
        vault.canonical(
            shop,
            "PATCH",
            "/v1/customers/canref-Hjkq5512",
            "{\"metadata\":{\"loyalty\":\"Quincunx-Emerald-4417\"}}");
    assertThat(canonicalChanged.statusCode()).as(canonicalChanged.body()).isEqualTo(200);
    written.add(new Written("canonical reference", "canref-Hjkq5512"));
    written.add(new Written("canonical name", "Ottoline Marchbanks"));
    written.add(new Written("canonical metadata value", "Quincunx-Sapphire-9931"));
    written.add(new Written("canonical changed metadata value", "Quincunx-Emerald-4417"));

    JsonNode shown = JsonAssert.parse(vault.juspayGet(shop, juspayId).body());
    assertThat(shown.get("email_address").textValue())
        .isEqualTo("Philo.QUILLSWORTH@Vault-Scan.example");
    return written;
  }

  /** A phone in the forms it is written and searched by: E.164, all digits, the national number. */
  private static void phone(List<Written> written, String label, String code, String number) {
    written.add(new Written(label + " as E.164", "+" + code + number));
    written.add(new Written(label + " as digits", code + number));
    written.add(new Written(label + " national number", number));
  }
}
