package io.clientele.storage;

import io.clientele.customer.Change;
import io.clientele.customer.Customer;
import io.clientele.customer.CustomerException;
import io.clientele.customer.CustomerPatch;
import io.clientele.customer.CustomerQuery;
import io.clientele.customer.CustomerStore;
import io.clientele.customer.HistoryEntry;
import io.clientele.customer.IdempotencyKey;
import io.clientele.customer.IdempotencyKeyClaimed;
import io.clientele.customer.Lookup;
import io.clientele.customer.SearchKeys;
import io.clientele.merchant.Caller;
import io.clientele.vault.CustomerKey;
import io.clientele.vault.MerchantKeys;
import io.clientele.vault.MerchantKeys.Index;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Customers in the {@code customers} table; every statement is bound to one merchant, and every
 * personal value goes in and out sealed under the merchant's keys ({@link PersonalColumns}).
 */
public final class JdbcCustomerStore implements CustomerStore {
  private static final String COLUMNS =
      "merchant_id, id, project_id, scope, "
          + PersonalColumns.NAMES
          + ", status, created_at, updated_at, version";

  private static final String INSERT =
      "insert into customers ("
          + COLUMNS
          + ") values (?, ?, ?, ?, "
          + PersonalColumns.PLACEHOLDERS
          + ", ?, ?, ?, ?)";

  static final String BY_ID =
      "select "
          + COLUMNS
          + " from customers where merchant_id = ? and id = ? and status = 'ACTIVE'";

  static final String BY_REFERENCE =
      "select "
          + COLUMNS
          + " from customers where merchant_id = ? and "
          + PersonalColumns.REFERENCE_KEY
          + " = ?";

  private static final String UPDATE =
      "update customers set scope = ?, project_id = ?, "
          + PersonalColumns.ASSIGNMENTS
          + """
          , updated_at = ?, version = ?
          where merchant_id = ? and id = ? and version = ? and status = 'ACTIVE'""";

  /** An erasure: the tombstone keeps the facts, and nothing personal or able to read it. */
  private static final String ERASE =
      "update customers set scope = ?, project_id = ?, "
          + PersonalColumns.ERASED
          + """
          , status = 'DELETED', updated_at = ?, version = ?
          where merchant_id = ? and id = ? and version = ? and status = 'ACTIVE'""";

  /**
   * On PostgreSQL a new customer and its history row are one statement, committed on its own: one
   * round trip instead of four (begin with the row, history, commit).
   */
  private static final String INSERT_WITH_HISTORY = withHistory("inserted", INSERT);

  /**
   * On PostgreSQL a change and its history row are one statement, committed on its own, written
   * only if the row still has the version it was read at; no row lock is held between round trips.
   */
  static final String UPDATE_WITH_HISTORY = withHistory("updated", UPDATE);

  /**
   * {@code write}, named {@code name}, with its webhook events and its history row in the same
   * statement; bound in that order, and answering the count of history rows (0 or 1).
   */
  private static String withHistory(String name, String write) {
    return "with "
        + name
        + " as ("
        + write
        + " returning version), "
        + Outbox.appendPerRowOf("events", name)
        + " "
        + ChangeLog.appendPerRowOf(name);
  }

  /**
   * How many times a change read without a lock is tried before it is made under the row's lock:
   * bounded, so a customer written by many at once cannot starve one writer.
   */
  static final int UNLOCKED_ATTEMPTS = 3;

  private static final String PAGE =
      "select "
          + COLUMNS
          + """
           from customers where merchant_id = ? and status = 'ACTIVE'
          order by created_at, id limit ? offset ?""";

  private static final String DELETE_TOKENS =
      "delete from client_auth_tokens where merchant_id = ? and customer_id = ?";

  /**
   * Taken by an import before it inserts, so two imports of one merchant never insert at once: each
   * holding keys the other then waited for, PostgreSQL failed one (deadlock) and H2 span both for
   * good. On PostgreSQL it is the weaker {@code no key update}, which the foreign-key checks of
   * other inserts ({@code key share}) pass, so creates through the dialects go on meanwhile, and it
   * is waited for as long as it takes; H2 has only {@code update}, and would give up after its
   * default 2 s, less than a few batches queued before it take.
   */
  private static final String LOCK_MERCHANT_FOR_IMPORT_POSTGRES =
      "select id from merchants where id = ? for no key update";

  private static final String LOCK_MERCHANT_FOR_IMPORT_H2 =
      "select id from merchants where id = ? for update wait 60";

  static final String EMAIL_TAKEN =
      """
      select id from customers
      where merchant_id = ? and email_key = ? and status = 'ACTIVE' and id <> ?""";

  /**
   * What each kind of query matches, after {@code merchant_id = ?}; one parameter but for EVERY.
   */
  private static final Map<CustomerQuery.By, String> MATCHES =
      new EnumMap<>(
          Map.of(
              CustomerQuery.By.EVERY,
              "status = 'ACTIVE'",
              CustomerQuery.By.REFERENCE,
              PersonalColumns.REFERENCE_KEY + " = ?",
              CustomerQuery.By.EMAIL,
              PersonalColumns.EMAIL_KEY + " = ? and status = 'ACTIVE'",
              CustomerQuery.By.PHONE,
              PersonalColumns.PHONE_KEY + " = ? and status = 'ACTIVE'"));

  /**
   * A page of what a query matches, in id order from just after the last id shown: each is served
   * by the index that starts with {@code merchant_id} and its key and ends with {@code id}.
   */
  static final Map<CustomerQuery.By, String> SEARCH =
      statements(
          match ->
              "select "
                  + COLUMNS
                  + " from customers where merchant_id = ? and "
                  + match
                  + " and id > ? order by id limit ?");

  static final Map<CustomerQuery.By, String> COUNT =
      statements(match -> "select count(*) from customers where merchant_id = ? and " + match);

  /** The merchant's live customers holding any of an array of references. */
  static final String BY_REFERENCES =
      "select "
          + COLUMNS
          + " from customers where merchant_id = ? and "
          + PersonalColumns.REFERENCE_KEY
          + " = any(?)";

  /** The merchant's customers, live or erased, with any of an array of ids. */
  static final String BY_IDS =
      "select " + COLUMNS + " from customers where merchant_id = ? and id = any(?)";

  private static final String EVER_STORED =
      "select customer_key from customers where merchant_id = ? and id = ?";

  private final DataSource dataSource;
  private final Keyring keyring;
  private final boolean oneStatementWrites;
  private final Function<Customer, ?> eventData;

  /** A store whose webhook events carry the customer's id and version as their data. */
  public JdbcCustomerStore(DataSource dataSource, Keyring keyring) {
    this(dataSource, keyring, Outbox.IDS_ONLY);
  }

  /**
   * @param eventData what a created or updated webhook event carries of the customer (the canonical
   *     API's shape, given by the composition root, which knows the dialects)
   */
  public JdbcCustomerStore(
      DataSource dataSource, Keyring keyring, Function<Customer, ?> eventData) {
    this.dataSource = dataSource;
    this.keyring = keyring;
    this.oneStatementWrites = Sql.isPostgres(dataSource);
    this.eventData = eventData;
  }

  @Override
  public Optional<Customer> findById(String merchantId, String id) {
    return withKeys(merchantId, keys -> findOne(BY_ID, keys, id));
  }

  @Override
  public Optional<Customer> findByReference(String merchantId, String reference) {
    return withKeys(
        merchantId, keys -> findOne(BY_REFERENCE, keys, keys.blind(Index.REFERENCE, reference)));
  }

  /** Work with the merchant's keys. */
  @FunctionalInterface
  private interface Keyed<T> {
    T run(MerchantKeys keys);
  }

  /**
   * Runs {@code work} with the merchant's keys, and once more with them reloaded when a row names a
   * data key version this node has not loaded, or a write named one a rotation has just destroyed.
   */
  private <T> T withKeys(String merchantId, Keyed<T> work) {
    try {
      return work.run(keyring.keys(merchantId));
    } catch (MerchantKeys.UnknownVersion e) {
      return work.run(keyring.reload(merchantId));
    } catch (StorageException e) {
      if (!Sql.isForeignKeyViolation(e.getCause())) {
        throw e;
      }
      return work.run(keyring.reload(merchantId));
    }
  }

  @Override
  public Change write(Write write) {
    try {
      return withKeys(
          write.merchantId(),
          keys -> {
            if (write.idempotency() != null) {
              return underKey(write, keys);
            }
            return write instanceof Insert insert
                ? insert(insert, keys)
                : update((Update) write, keys);
          });
    } catch (StorageException e) {
      if (write instanceof Insert insert
          && e.getCause() instanceof SQLException cause
          && Sql.isUniqueViolation(cause)) {
        throw new CustomerException.ReferenceTaken(insert.customer().reference());
      }
      throw e;
    }
  }

  /**
   * A write under an idempotency key, in one transaction on either engine: the key is claimed
   * first, so of writes racing with one key the first to claim it writes and the others wait for
   * its transaction to end, then find the key taken (or free, if it rolled back) before they have
   * read or written anything.
   *
   * @throws IdempotencyKeyClaimed when another write holds the key
   */
  private Change underKey(Write write, MerchantKeys keys) {
    IdempotencyKey idempotency = write.idempotency();
    Sql.Work<Change> work =
        connection -> {
          if (write instanceof Insert insert) {
            Customer c = insert.customer();
            claim(connection, idempotency, c.merchantId(), c.createdAt(), c.id(), c.version());
            return insertIn(connection, insert, keys, MerchantKeys.newCustomerKey());
          }
          Update update = (Update) write;
          claim(connection, idempotency, update.merchantId(), Instant.now(), null, null);
          Change change = updateLocked(connection, update, keys);
          JdbcIdempotencyKeys.settle(
              connection,
              update.merchantId(),
              idempotency,
              change.after().id(),
              change.after().version());
          return change;
        };
    return write instanceof Insert
        ? keyring.writingUnderAVersion(() -> Sql.inTransaction(dataSource, "write customer", work))
        : Sql.inTransaction(dataSource, "write customer", work);
  }

  private static void claim(
      Connection connection,
      IdempotencyKey idempotency,
      String merchantId,
      Instant now,
      String customerId,
      Long version)
      throws SQLException {
    try {
      JdbcIdempotencyKeys.claim(connection, merchantId, idempotency, now, customerId, version);
    } catch (SQLException e) {
      if (Sql.isUniqueViolation(e)) {
        throw new IdempotencyKeyClaimed();
      }
      throw e;
    }
  }

  private Change insertIn(Connection connection, Insert insert, MerchantKeys keys, CustomerKey key)
      throws SQLException {
    Change change = new Change(null, insert.customer(), insert.caller());
    try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
      bindInsert(statement, insert.customer(), keys, key);
      statement.executeUpdate();
    }
    ChangeLog.append(connection, change, key);
    Outbox.append(connection, change, key, eventData);
    return change;
  }

  private Change insert(Insert insert, MerchantKeys keys) {
    Change change = new Change(null, insert.customer(), insert.caller());
    CustomerKey key = MerchantKeys.newCustomerKey();
    if (!oneStatementWrites) {
      return keyring.writingUnderAVersion(
          () ->
              Sql.inTransaction(
                  dataSource,
                  "write customer",
                  connection -> insertIn(connection, insert, keys, key)));
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(INSERT_WITH_HISTORY)) {
      int next = bindInsert(statement, insert.customer(), keys, key);
      ChangeLog.bind(statement, Outbox.bind(statement, next, change, key, eventData), change, key);
      statement.executeUpdate();
      return change;
    } catch (SQLException e) {
      throw new StorageException("write customer", e);
    }
  }

  /** Binds the row of {@code c} from index 1; answers the next free index. */
  private static int bindInsert(
      PreparedStatement statement, Customer c, MerchantKeys keys, CustomerKey key)
      throws SQLException {
    return Sql.bindAll(statement, 1, insertValues(c, keys, key));
  }

  /** The row of {@code c}, whose own key is {@code key}, in the order of {@link #COLUMNS}. */
  private static List<Object> insertValues(Customer c, MerchantKeys keys, CustomerKey key) {
    List<Object> values = new ArrayList<>();
    values.add(c.merchantId());
    values.add(c.id());
    values.add(c.projectId());
    values.add(c.scope().name());
    values.addAll(PersonalColumns.values(c, keys, key));
    values.add(c.status().name());
    values.add(c.createdAt());
    values.add(c.updatedAt());
    values.add(c.version());
    return values;
  }

  /**
   * A change that needs no other row checked or cleaned (no unique email, not an erasure) is first
   * tried without a lock where the engine writes it in one statement; any other, or one whose row
   * kept changing underneath, is made under the row's lock.
   */
  private Change update(Update update, MerchantKeys keys) {
    if (oneStatementWrites && update.unique().isEmpty()) {
      for (int attempt = 0; attempt < UNLOCKED_ATTEMPTS; attempt++) {
        Unlocked tried = updateUnlocked(update, keys);
        if (tried.change() != null) {
          return tried.change();
        }
        if (tried.needsLock()) {
          break;
        }
      }
    }
    return Sql.inTransaction(
        dataSource, "write customer", connection -> updateLocked(connection, update, keys));
  }

  /**
   * What a change tried without a lock came to: written (or nothing to write), its row changed
   * since it was read, or a change that must be made under the lock.
   */
  private record Unlocked(Change change, boolean needsLock) {}

  private Unlocked updateUnlocked(Update update, MerchantKeys keys) {
    Lookup lookup = update.lookup();
    try (Connection connection = dataSource.getConnection()) {
      PersonalColumns.Stored stored =
          findLive(connection, lookup, keys, "")
              .orElseThrow(() -> new CustomerException.NotFound(lookup.key()));
      Customer current = stored.customer();
      Customer next = update.next().apply(current);
      Change change = new Change(current, next, update.caller());
      if (!change.wroteSomething()) {
        return new Unlocked(change, false);
      }
      if (!next.isActive()) {
        return new Unlocked(null, true);
      }
      try (PreparedStatement statement = connection.prepareStatement(UPDATE_WITH_HISTORY)) {
        int index = bindUpdate(statement, next, keys, stored.key());
        index = Outbox.bind(statement, index, change, stored.key(), eventData);
        ChangeLog.bind(statement, index, change, stored.key());
        return statement.executeUpdate() == 1
            ? new Unlocked(change, false)
            : new Unlocked(null, false);
      }
    } catch (SQLException e) {
      throw new StorageException("write customer", e);
    }
  }

  private Change updateLocked(Connection connection, Update update, MerchantKeys keys)
      throws SQLException {
    Lookup lookup = update.lookup();
    if (update.unique().contains(CustomerPatch.Unique.EMAIL)) {
      Sql.lockMerchant(connection, lookup.merchantId());
    }
    PersonalColumns.Stored stored =
        findLive(connection, lookup, keys, " for update")
            .orElseThrow(() -> new CustomerException.NotFound(lookup.key()));
    Customer current = stored.customer();
    Customer next = update.next().apply(current);
    Change change = new Change(current, next, update.caller());
    if (!change.wroteSomething()) {
      return change;
    }
    if (update.unique().contains(CustomerPatch.Unique.EMAIL) && next.personal().email() != null) {
      refuseTakenEmail(connection, next, keys);
    }
    if (!rewrite(connection, next, keys, stored.key())) {
      throw new IllegalStateException("a locked customer changed underneath its lock");
    }
    ChangeLog.append(connection, change, stored.key());
    Outbox.append(connection, change, stored.key(), eventData);
    if (!next.isActive()) {
      deleteTokens(connection, next);
      ChangeLog.redact(connection, next.merchantId(), next.id());
      JdbcIdempotencyKeys.redact(connection, next.merchantId(), next.id());
      Outbox.redact(connection, next.merchantId(), next.id());
    }
    return change;
  }

  /**
   * The live customer by id when the lookup may be one, else by reference; {@code lock} is {@code "
   * for update"} to lock its row, else empty.
   */
  private static Optional<PersonalColumns.Stored> findLive(
      Connection connection, Lookup lookup, MerchantKeys keys, String lock) throws SQLException {
    Optional<String> id = lookup.id();
    Optional<PersonalColumns.Stored> found =
        id.isPresent() ? selectOne(connection, BY_ID + lock, keys, id.get()) : Optional.empty();
    if (found.isEmpty()) {
      found =
          selectOne(
              connection, BY_REFERENCE + lock, keys, keys.blind(Index.REFERENCE, lookup.key()));
    }
    return found;
  }

  private static void refuseTakenEmail(Connection connection, Customer c, MerchantKeys keys)
      throws SQLException {
    try (PreparedStatement taken = connection.prepareStatement(EMAIL_TAKEN)) {
      taken.setString(1, c.merchantId());
      taken.setBytes(2, keys.blind(Index.EMAIL, SearchKeys.email(c.personal().email())));
      taken.setString(3, c.id());
      try (ResultSet rows = taken.executeQuery()) {
        if (rows.next()) {
          throw new CustomerException.EmailTaken();
        }
      }
    }
  }

  private static void deleteTokens(Connection connection, Customer c) throws SQLException {
    Sql.update(connection, DELETE_TOKENS, c.merchantId(), c.id());
  }

  /**
   * Writes {@code c} over the row whose version is the one before it, or its tombstone when it is
   * erased; false if there is no such row.
   */
  private static boolean rewrite(
      Connection connection, Customer c, MerchantKeys keys, CustomerKey key) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(c.isActive() ? UPDATE : ERASE)) {
      bindUpdate(statement, c, keys, key);
      return statement.executeUpdate() == 1;
    }
  }

  /**
   * Binds {@link #UPDATE} (or {@link #ERASE}, for a tombstone) for {@code c} from index 1; answers
   * the next free index.
   */
  private static int bindUpdate(
      PreparedStatement statement, Customer c, MerchantKeys keys, CustomerKey key)
      throws SQLException {
    statement.setString(1, c.scope().name());
    statement.setString(2, c.projectId());
    int i =
        c.isActive() ? Sql.bindAll(statement, 3, PersonalColumns.changedValues(c, keys, key)) : 3;
    Sql.setInstant(statement, i++, c.updatedAt());
    statement.setLong(i++, c.version());
    statement.setString(i++, c.merchantId());
    statement.setString(i++, c.id());
    statement.setLong(i++, c.version() - 1);
    return i;
  }

  @Override
  public List<Customer> page(String merchantId, int limit, int offset) {
    return withKeys(merchantId, keys -> page(keys, limit, offset));
  }

  private List<Customer> page(MerchantKeys keys, int limit, int offset) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(PAGE)) {
      statement.setString(1, keys.merchantId());
      statement.setInt(2, limit);
      statement.setInt(3, offset);
      return readAll(statement, keys);
    } catch (SQLException e) {
      throw new StorageException("list customers", e);
    }
  }

  private static List<Customer> readAll(PreparedStatement statement, MerchantKeys keys)
      throws SQLException {
    List<Customer> customers = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        customers.add(read(rows, keys).customer());
      }
    }
    return customers;
  }

  private static Map<CustomerQuery.By, String> statements(
      java.util.function.Function<String, String> around) {
    Map<CustomerQuery.By, String> statements = new EnumMap<>(CustomerQuery.By.class);
    MATCHES.forEach((by, match) -> statements.put(by, around.apply(match)));
    return java.util.Collections.unmodifiableMap(statements);
  }

  @Override
  public List<Customer> search(String merchantId, CustomerQuery query, String afterId, int limit) {
    return withKeys(merchantId, keys -> search(keys, query, afterId, limit));
  }

  private List<Customer> search(MerchantKeys keys, CustomerQuery query, String afterId, int limit) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(SEARCH.get(query.by()))) {
      int i = bindQuery(statement, keys, query);
      statement.setString(i++, afterId);
      statement.setInt(i, limit);
      return readAll(statement, keys);
    } catch (SQLException e) {
      throw new StorageException("search customers", e);
    }
  }

  @Override
  public long count(String merchantId, CustomerQuery query) {
    MerchantKeys keys = keyring.keys(merchantId);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(COUNT.get(query.by()))) {
      bindQuery(statement, keys, query);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new StorageException("count customers", e);
    }
  }

  /** Binds the merchant and the blind index of the query's value; answers the next free index. */
  private static int bindQuery(PreparedStatement statement, MerchantKeys keys, CustomerQuery query)
      throws SQLException {
    statement.setString(1, keys.merchantId());
    Index index =
        switch (query.by()) {
          case EVERY -> null;
          case REFERENCE -> Index.REFERENCE;
          case EMAIL -> Index.EMAIL;
          case PHONE -> Index.PHONE;
        };
    if (index == null) {
      return 2;
    }
    statement.setBytes(2, keys.blind(index, query.value()));
    return 3;
  }

  @Override
  public List<Customer> findKnown(
      String merchantId, Collection<String> references, Collection<String> ids) {
    return withKeys(merchantId, keys -> findKnown(keys, references, ids));
  }

  private List<Customer> findKnown(
      MerchantKeys keys, Collection<String> references, Collection<String> ids) {
    try (Connection connection = dataSource.getConnection()) {
      List<Customer> known = new ArrayList<>();
      if (!references.isEmpty()) {
        byte[][] blinded =
            references.stream().map(r -> keys.blind(Index.REFERENCE, r)).toArray(byte[][]::new);
        known.addAll(selectAny(connection, BY_REFERENCES, keys, "bytea", blinded));
      }
      if (!ids.isEmpty()) {
        for (Customer customer : selectAny(connection, BY_IDS, keys, "varchar", ids.toArray())) {
          if (known.stream().noneMatch(k -> k.id().equals(customer.id()))) {
            known.add(customer);
          }
        }
      }
      return known;
    } catch (SQLException e) {
      throw new StorageException("find customers", e);
    }
  }

  private static List<Customer> selectAny(
      Connection connection, String sql, MerchantKeys keys, String type, Object[] values)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, keys.merchantId());
      statement.setArray(2, connection.createArrayOf(type, values));
      return readAll(statement, keys);
    }
  }

  /**
   * The batch twin of {@link #write}'s insert: every row and its history row go in one transaction,
   * so a batch is stored whole or not at all; on PostgreSQL by {@code COPY}, which costs it half
   * the CPU per row of multi-row inserts, elsewhere as JDBC batches.
   */
  @Override
  public List<Change> insertAll(List<Customer> customers, Caller caller) {
    if (customers.isEmpty()) {
      return List.of();
    }
    try {
      return withKeys(customers.get(0).merchantId(), keys -> insertAll(customers, caller, keys));
    } catch (StorageException e) {
      if (e.getCause() instanceof SQLException cause && Sql.isUniqueViolation(cause)) {
        throw new CustomerException.ReferenceTaken(null);
      }
      throw e;
    }
  }

  private List<Change> insertAll(List<Customer> customers, Caller caller, MerchantKeys keys) {
    List<Change> changes = customers.stream().map(c -> new Change(null, c, caller)).toList();
    List<CustomerKey> customerKeys =
        customers.stream().map(c -> MerchantKeys.newCustomerKey()).toList();
    List<List<Object>> rows = new ArrayList<>(customers.size());
    List<List<Object>> history = new ArrayList<>(customers.size());
    for (int i = 0; i < customers.size(); i++) {
      rows.add(insertValues(customers.get(i), keys, customerKeys.get(i)));
      history.add(ChangeLog.values(changes.get(i), customerKeys.get(i)));
    }
    byte[] customerRows = oneStatementWrites ? CopyIn.encode(rows) : null;
    byte[] historyRows = oneStatementWrites ? CopyIn.encode(history) : null;
    return keyring.writingUnderAVersion(
        () ->
            Sql.inTransaction(
                dataSource,
                "import customers",
                connection -> {
                  try (PreparedStatement lock =
                      connection.prepareStatement(
                          oneStatementWrites
                              ? LOCK_MERCHANT_FOR_IMPORT_POSTGRES
                              : LOCK_MERCHANT_FOR_IMPORT_H2)) {
                    lock.setString(1, customers.get(0).merchantId());
                    lock.executeQuery().close();
                  }
                  if (oneStatementWrites) {
                    CopyIn.send(connection, "customers (" + COLUMNS + ")", customerRows);
                    CopyIn.send(connection, ChangeLog.TABLE_AND_COLUMNS, historyRows);
                    Outbox.appendAll(connection, changes, customerKeys, eventData);
                    return changes;
                  }
                  try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
                    for (List<Object> row : rows) {
                      Sql.bindAll(statement, 1, row);
                      statement.addBatch();
                    }
                    statement.executeBatch();
                  }
                  ChangeLog.appendAll(connection, changes, customerKeys);
                  Outbox.appendAll(connection, changes, customerKeys, eventData);
                  return changes;
                }));
  }

  @Override
  public Optional<List<HistoryEntry>> history(
      String merchantId, String customerId, int limit, long beforeVersion) {
    return withKeys(merchantId, keys -> history(keys, customerId, limit, beforeVersion));
  }

  private Optional<List<HistoryEntry>> history(
      MerchantKeys keys, String customerId, int limit, long beforeVersion) {
    try (Connection connection = dataSource.getConnection()) {
      CustomerKey key;
      try (PreparedStatement statement = connection.prepareStatement(EVER_STORED)) {
        statement.setString(1, keys.merchantId());
        statement.setString(2, customerId);
        try (ResultSet rows = statement.executeQuery()) {
          if (!rows.next()) {
            return Optional.empty();
          }
          byte[] wrapped = rows.getBytes("customer_key");
          key = wrapped == null ? null : keys.unwrap(customerId, wrapped);
        }
      }
      return Optional.of(
          ChangeLog.read(connection, keys.merchantId(), customerId, limit, beforeVersion, key));
    } catch (SQLException e) {
      throw new StorageException("read customer history", e);
    }
  }

  private Optional<Customer> findOne(String sql, MerchantKeys keys, Object key) {
    try (Connection connection = dataSource.getConnection()) {
      return selectOne(connection, sql, keys, key).map(PersonalColumns.Stored::customer);
    } catch (SQLException e) {
      throw new StorageException("find customer", e);
    }
  }

  /** The one row {@code sql} finds by the merchant and {@code key} (an id or a blind index). */
  private static Optional<PersonalColumns.Stored> selectOne(
      Connection connection, String sql, MerchantKeys keys, Object key) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, keys.merchantId());
      statement.setObject(2, key);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(read(rows, keys)) : Optional.empty();
      }
    }
  }

  private static PersonalColumns.Stored read(ResultSet rows, MerchantKeys keys)
      throws SQLException {
    PersonalColumns.Opened opened = PersonalColumns.read(rows, keys);
    return new PersonalColumns.Stored(
        new Customer(
            rows.getString("id"),
            rows.getString("merchant_id"),
            opened.reference(),
            rows.getString("project_id"),
            Customer.Scope.valueOf(rows.getString("scope")),
            opened.personal(),
            Customer.Status.valueOf(rows.getString("status")),
            Sql.instant(rows, "created_at"),
            Sql.instant(rows, "updated_at"),
            rows.getLong("version")),
        opened.key());
  }
}
