package io.clientele.storage;

import io.clientele.customer.Customer;
import io.clientele.customer.PersonalData;
import io.clientele.customer.PersonalData.Field;
import io.clientele.vault.CustomerKey;
import io.clientele.vault.MasterKeys;
import io.clientele.vault.MerchantKeys;
import io.clientele.vault.TextForms;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.api.migration.Context;

/**
 * Migration 11: seals what earlier versions stored in clear, in the migration's one transaction.
 * Every live customer gets a key of its own, its reference and personal fields sealed under it and
 * its search keys replaced by blind indexes; every personal value in the history is sealed under
 * its customer's key; each Airpay secret sealed under the unnamed data key is sealed again, naming
 * the master key. Migration 12 then drops the clear columns. It holds every customer's key of one
 * merchant in memory until that merchant's history is sealed.
 */
final class SealPersonalValues extends NumberedMigration {
  private static final int BATCH = 500;

  private static final String CUSTOMERS =
      """
      select id, reference, first_name, last_name, name, email, mobile_country_code,
        mobile_number, address, city, state, country, pincode
      from customers where merchant_id = ? and status = 'ACTIVE'""";

  private static final String SEAL_CUSTOMER =
      "update customers set "
          + PersonalColumns.NAMES.replace(", ", " = ?, ")
          + " = ? where merchant_id = ? and id = ?";

  private static final String HISTORY =
      """
      select customer_id, version, personal_values from customer_changes
      where merchant_id = ? and personal_values is not null""";

  private static final String SEAL_HISTORY =
      """
      update customer_changes set personal_values = ?
      where merchant_id = ? and customer_id = ? and version = ?""";

  private final MasterKeys master;

  SealPersonalValues(MasterKeys master) {
    super("11", "seal personal values");
    this.master = master;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    sealSecrets(connection);
    for (String merchantId : merchantsWithCustomers(connection)) {
      MerchantKeys keys = Keyring.loadOrCreate(connection, master, merchantId, Instant.now());
      sealHistory(connection, merchantId, sealCustomers(connection, keys));
    }
  }

  private void sealSecrets(Connection connection) throws SQLException {
    Map<String, String> sealed = new HashMap<>();
    try (PreparedStatement statement =
            connection.prepareStatement(
                "select id, sealed_secret from credentials where sealed_secret is not null");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        String id = rows.getString("id");
        byte[] secret = master.openUnnamed(rows.getString("sealed_secret"), id);
        sealed.put(id, master.seal(secret, id));
      }
    }
    try (PreparedStatement update =
        connection.prepareStatement("update credentials set sealed_secret = ? where id = ?")) {
      for (Map.Entry<String, String> secret : sealed.entrySet()) {
        update.setString(1, secret.getValue());
        update.setString(2, secret.getKey());
        update.addBatch();
      }
      update.executeBatch();
    }
  }

  private static java.util.List<String> merchantsWithCustomers(Connection connection)
      throws SQLException {
    java.util.List<String> merchants = new java.util.ArrayList<>();
    try (PreparedStatement statement =
            connection.prepareStatement("select distinct merchant_id from customers");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        merchants.add(rows.getString(1));
      }
    }
    return merchants;
  }

  /** Seals the merchant's live customers; answers each one's key by id. */
  private static Map<String, CustomerKey> sealCustomers(Connection connection, MerchantKeys keys)
      throws SQLException {
    Map<String, CustomerKey> customerKeys = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(CUSTOMERS);
        PreparedStatement seal = connection.prepareStatement(SEAL_CUSTOMER)) {
      select.setFetchSize(BATCH);
      select.setString(1, keys.merchantId());
      int pending = 0;
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          Customer customer = clear(rows, keys.merchantId());
          CustomerKey key = MerchantKeys.newCustomerKey();
          customerKeys.put(customer.id(), key);
          int next = Sql.bindAll(seal, 1, asText(PersonalColumns.values(customer, keys, key)));
          seal.setString(next, keys.merchantId());
          seal.setString(next + 1, customer.id());
          seal.addBatch();
          if (++pending == BATCH) {
            seal.executeBatch();
            pending = 0;
          }
        }
      }
      seal.executeBatch();
    }
    return customerKeys;
  }

  private static final List<String> NAMES = List.of(PersonalColumns.NAMES.split(", "));
  private static final Set<String> INDEXES =
      Set.of(PersonalColumns.REFERENCE_KEY, PersonalColumns.EMAIL_KEY, PersonalColumns.PHONE_KEY);

  /**
   * The values of {@link PersonalColumns#NAMES} in the text forms of the columns this migration
   * fills: they were text until V13 made them binary.
   */
  private static List<Object> asText(List<Object> values) {
    List<Object> text = new ArrayList<>(values);
    for (int i = 0; i < text.size(); i++) {
      if (text.get(i) instanceof byte[] bytes) {
        text.set(
            i, INDEXES.contains(NAMES.get(i)) ? TextForms.index(bytes) : TextForms.envelope(bytes));
      }
    }
    return text;
  }

  /** A live customer as stored in clear, with only what sealing needs. */
  private static Customer clear(ResultSet rows, String merchantId) throws SQLException {
    Map<Field, String> values = new EnumMap<>(Field.class);
    for (Field field : Field.values()) {
      values.put(field, rows.getString(field.key()));
    }
    return new Customer(
        rows.getString("id"),
        merchantId,
        rows.getString("reference"),
        null,
        Customer.Scope.GLOBAL,
        new PersonalData(values),
        Customer.Status.ACTIVE,
        null,
        null,
        0);
  }

  /** Seals the personal values of the merchant's history; an erased customer's are gone already. */
  private static void sealHistory(
      Connection connection, String merchantId, Map<String, CustomerKey> customerKeys)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(HISTORY);
        PreparedStatement seal = connection.prepareStatement(SEAL_HISTORY)) {
      select.setFetchSize(BATCH);
      select.setString(1, merchantId);
      int pending = 0;
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String customerId = rows.getString("customer_id");
          long version = rows.getLong("version");
          CustomerKey key = customerKeys.get(customerId);
          seal.setString(
              1,
              key == null
                  ? null
                  : TextForms.envelope(
                      key.seal(
                          rows.getString("personal_values"),
                          ChangeLog.place(merchantId, customerId, version))));
          seal.setString(2, merchantId);
          seal.setString(3, customerId);
          seal.setLong(4, version);
          seal.addBatch();
          if (++pending == BATCH) {
            seal.executeBatch();
            pending = 0;
          }
        }
      }
      seal.executeBatch();
    }
  }
}
