package io.clientele.storage;

import io.clientele.customer.Customer;
import io.clientele.customer.CustomerException;
import io.clientele.customer.CustomerStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/** Customers in the {@code customers} table; every statement is bound to one merchant. */
public final class JdbcCustomerStore implements CustomerStore {
  private static final String COLUMNS =
      """
      merchant_id, id, reference, project_id, scope, first_name, last_name, name, email,
      mobile_country_code, mobile_number, address, city, state, country, pincode, status,
      created_at, updated_at, version""";

  private static final String INSERT =
      """
      insert into customers (%s, live_reference)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
          .formatted(COLUMNS);

  private static final String BY_ID =
      "select "
          + COLUMNS
          + " from customers where merchant_id = ? and id = ? and status = 'ACTIVE'";

  private static final String BY_REFERENCE =
      "select " + COLUMNS + " from customers where merchant_id = ? and live_reference = ?";

  private static final String LOCK_LIVE = BY_ID + " for update";

  private static final String UPDATE =
      """
      update customers set scope = ?, project_id = ?, first_name = ?, last_name = ?, name = ?, email = ?,
        mobile_country_code = ?, mobile_number = ?, address = ?, city = ?, state = ?, country = ?,
        pincode = ?, status = ?, live_reference = ?, updated_at = ?, version = ?
      where merchant_id = ? and id = ? and version = ? and status = 'ACTIVE'""";

  private static final String LIST =
      "select "
          + COLUMNS
          + """
           from customers where merchant_id = ? and status = 'ACTIVE'
          order by created_at, id limit ? offset ?""";

  private static final String DELETE_TOKENS =
      "delete from client_auth_tokens where merchant_id = ? and customer_id = ?";

  private static final String LOCK_MERCHANT = "select id from merchants where id = ? for update";

  private static final String EMAIL_TAKEN =
      """
      select id from customers
      where merchant_id = ? and lower(email) = lower(?) and status = 'ACTIVE' and id <> ?""";

  private static final String COUNT =
      "select count(*) from customers where merchant_id = ? and status = 'ACTIVE'";

  private final DataSource dataSource;

  public JdbcCustomerStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void insert(Customer c) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(INSERT)) {
      int i = bindIdentity(statement, c);
      i = bindFields(statement, i, c);
      Sql.setInstant(statement, i++, c.createdAt());
      Sql.setInstant(statement, i++, c.updatedAt());
      statement.setLong(i++, c.version());
      statement.setString(i, c.isActive() ? c.reference() : null);
      statement.executeUpdate();
    } catch (SQLException e) {
      if (Sql.isUniqueViolation(e)) {
        throw new CustomerException.ReferenceTaken(c.reference());
      }
      throw new StorageException("insert customer", e);
    }
  }

  @Override
  public Optional<Customer> findById(String merchantId, String id) {
    return findOne(BY_ID, merchantId, id);
  }

  @Override
  public Optional<Customer> findByReference(String merchantId, String reference) {
    return findOne(BY_REFERENCE, merchantId, reference);
  }

  @Override
  public boolean update(Customer c) {
    return Sql.inTransaction(dataSource, "update customer", connection -> write(connection, c));
  }

  @Override
  public Optional<Customer> modify(
      String merchantId, String id, UnaryOperator<Customer> change, boolean claimEmail) {
    return Sql.inTransaction(
        dataSource,
        "modify customer",
        connection -> {
          if (claimEmail) {
            lockMerchant(connection, merchantId);
          }
          Optional<Customer> current = lockLive(connection, merchantId, id);
          if (current.isEmpty()) {
            return current;
          }
          Customer next = change.apply(current.get());
          if (claimEmail && next.email() != null) {
            refuseTakenEmail(connection, next);
          }
          if (!write(connection, next)) {
            throw new IllegalStateException("a locked customer changed underneath its lock");
          }
          if (!next.isActive()) {
            deleteTokens(connection, next);
          }
          return Optional.of(next);
        });
  }

  private static Optional<Customer> lockLive(Connection connection, String merchantId, String id)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(LOCK_LIVE)) {
      statement.setString(1, merchantId);
      statement.setString(2, id);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  private static void lockMerchant(Connection connection, String merchantId) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement(LOCK_MERCHANT)) {
      lock.setString(1, merchantId);
      lock.executeQuery().close();
    }
  }

  private static void refuseTakenEmail(Connection connection, Customer c) throws SQLException {
    try (PreparedStatement taken = connection.prepareStatement(EMAIL_TAKEN)) {
      taken.setString(1, c.merchantId());
      taken.setString(2, c.email());
      taken.setString(3, c.id());
      try (ResultSet rows = taken.executeQuery()) {
        if (rows.next()) {
          throw new CustomerException.EmailTaken();
        }
      }
    }
  }

  private static void deleteTokens(Connection connection, Customer c) throws SQLException {
    try (PreparedStatement tokens = connection.prepareStatement(DELETE_TOKENS)) {
      tokens.setString(1, c.merchantId());
      tokens.setString(2, c.id());
      tokens.executeUpdate();
    }
  }

  private static boolean write(Connection connection, Customer c) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(UPDATE)) {
      statement.setString(1, c.scope().name());
      statement.setString(2, c.projectId());
      int i = bindFields(statement, 3, c);
      statement.setString(i++, c.isActive() ? c.reference() : null);
      Sql.setInstant(statement, i++, c.updatedAt());
      statement.setLong(i++, c.version());
      statement.setString(i++, c.merchantId());
      statement.setString(i++, c.id());
      statement.setLong(i, c.version() - 1);
      return statement.executeUpdate() == 1;
    }
  }

  @Override
  public List<Customer> list(String merchantId, int limit, int offset) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(LIST)) {
      statement.setString(1, merchantId);
      statement.setInt(2, limit);
      statement.setInt(3, offset);
      List<Customer> customers = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          customers.add(read(rows));
        }
      }
      return customers;
    } catch (SQLException e) {
      throw new StorageException("list customers", e);
    }
  }

  @Override
  public long count(String merchantId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(COUNT)) {
      statement.setString(1, merchantId);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new StorageException("count customers", e);
    }
  }

  private Optional<Customer> findOne(String sql, String merchantId, String key) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, merchantId);
      statement.setString(2, key);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StorageException("find customer", e);
    }
  }

  private static int bindIdentity(PreparedStatement statement, Customer c) throws SQLException {
    statement.setString(1, c.merchantId());
    statement.setString(2, c.id());
    statement.setString(3, c.reference());
    statement.setString(4, c.projectId());
    statement.setString(5, c.scope().name());
    return 6;
  }

  /** Binds first_name through status, starting at {@code index}; answers the next free index. */
  private static int bindFields(PreparedStatement statement, int index, Customer c)
      throws SQLException {
    String[] values = {
      c.firstName(), c.lastName(), c.name(), c.email(), c.mobileCountryCode(), c.mobileNumber(),
      c.address(), c.city(), c.state(), c.country(), c.pincode(), c.status().name()
    };
    int i = index;
    for (String value : values) {
      statement.setString(i++, value);
    }
    return i;
  }

  private static Customer read(ResultSet rows) throws SQLException {
    return new Customer(
        rows.getString("id"),
        rows.getString("merchant_id"),
        rows.getString("reference"),
        rows.getString("project_id"),
        Customer.Scope.valueOf(rows.getString("scope")),
        rows.getString("first_name"),
        rows.getString("last_name"),
        rows.getString("name"),
        rows.getString("email"),
        rows.getString("mobile_country_code"),
        rows.getString("mobile_number"),
        rows.getString("address"),
        rows.getString("city"),
        rows.getString("state"),
        rows.getString("country"),
        rows.getString("pincode"),
        Customer.Status.valueOf(rows.getString("status")),
        Sql.instant(rows, "created_at"),
        Sql.instant(rows, "updated_at"),
        rows.getLong("version"));
  }
}
