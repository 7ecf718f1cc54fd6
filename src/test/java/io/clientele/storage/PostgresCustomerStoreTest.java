package io.clientele.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.customer.Change;
import io.clientele.customer.CustomerStore;
import io.clientele.customer.HistoryEntry;
import io.clientele.customer.Lookup;
import io.clientele.customer.PersonalData.Field;
import io.clientele.testing.TestDatabase;
import io.clientele.vault.TestKeys;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class PostgresCustomerStoreTest extends CustomerStoreContract {
  @Override
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.POSTGRES;
  }

  @Test
  void writesAChangeOverTheNewStateWhenItsRowChangedAfterItWasRead() {
    insert(customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001"));
    AtomicInteger calls = new AtomicInteger();

    Change change =
        update(
            "m1",
            "cst_aaaaaaaaaaaaaaaa",
            current -> {
              if (calls.incrementAndGet() == 1) {
                update("m1", "cst_aaaaaaaaaaaaaaaa", setting(Field.CITY, "Pune"));
              }
              return setting(Field.FIRST_NAME, "Johnny").apply(current);
            });

    assertThat(calls).hasValue(2);
    assertThat(change.before().version()).isEqualTo(2);
    assertThat(change.after().version()).isEqualTo(3);
    assertThat(change.after().personal().city()).isEqualTo("Pune");
    assertThat(change.after().personal().firstName()).isEqualTo("Johnny");
    assertThat(store.findById("m1", "cst_aaaaaaaaaaaaaaaa")).contains(change.after());
    assertThat(history("cst_aaaaaaaaaaaaaaaa"))
        .extracting(HistoryEntry::version)
        .containsExactly(3L, 2L, 1L);
  }

  @Test
  void takesTheRowLockWhenTheRowKeepsChangingUnderATryWithoutIt() {
    insert(customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001"));
    AtomicInteger calls = new AtomicInteger();

    Change change =
        update(
            "m1",
            "cst_aaaaaaaaaaaaaaaa",
            current -> {
              int call = calls.incrementAndGet();
              if (call <= JdbcCustomerStore.UNLOCKED_ATTEMPTS) {
                update("m1", "cst_aaaaaaaaaaaaaaaa", setting(Field.CITY, "City " + call));
              }
              return setting(Field.FIRST_NAME, "Johnny").apply(current);
            });

    int competing = JdbcCustomerStore.UNLOCKED_ATTEMPTS;
    assertThat(calls).hasValue(competing + 1);
    assertThat(change.after().version()).isEqualTo(competing + 2);
    assertThat(change.after().personal().city()).isEqualTo("City " + competing);
    assertThat(history("cst_aaaaaaaaaaaaaaaa")).hasSize(competing + 2);
  }

  @Test
  void createsACustomerWithItsHistoryInOneStatement() {
    List<String> statements = new ArrayList<>();
    JdbcCustomerStore counted =
        new JdbcCustomerStore(
            recording(database.dataSource(), statements),
            new Keyring(database.dataSource(), TestKeys.MASTER));

    counted.write(
        new CustomerStore.Insert(customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001"), CALLER));

    assertThat(statements).containsExactly("executeUpdate");
    assertThat(history("cst_aaaaaaaaaaaaaaaa")).hasSize(1);
  }

  @Test
  void changesACustomerWithItsHistoryInTwoStatements() {
    insert(customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001"));
    List<String> statements = new ArrayList<>();
    JdbcCustomerStore counted =
        new JdbcCustomerStore(
            recording(database.dataSource(), statements),
            new Keyring(database.dataSource(), TestKeys.MASTER));

    counted.write(
        new CustomerStore.Update(
            Lookup.idOrReference("m1", "customer-0001"),
            setting(Field.CITY, "Pune"),
            Set.of(),
            CALLER));

    assertThat(statements).containsExactly("executeQuery", "executeUpdate");
    assertThat(history("cst_aaaaaaaaaaaaaaaa")).hasSize(2);
  }

  @Test
  void readsACustomerInOneStatement() {
    insert(customer("m1", "cst_aaaaaaaaaaaaaaaa", "customer-0001"));
    List<String> statements = new ArrayList<>();
    JdbcCustomerStore counted =
        new JdbcCustomerStore(
            recording(database.dataSource(), statements),
            new Keyring(database.dataSource(), TestKeys.MASTER));
    statements.clear();

    assertThat(counted.findById("m1", "cst_aaaaaaaaaaaaaaaa")).isPresent();

    assertThat(statements).containsExactly("executeQuery");
  }

  /**
   * {@code dataSource}, noting each call that makes a round trip to the server: a statement's
   * execution, a commit or a rollback of a transaction.
   */
  static DataSource recording(DataSource dataSource, List<String> calls) {
    return proxy(
        DataSource.class,
        dataSource,
        (method, result) ->
            method.equals("getConnection")
                ? proxy(Connection.class, result, connectionCalls(calls))
                : result);
  }

  private static Recorder connectionCalls(List<String> calls) {
    return (method, result) -> {
      if (method.equals("commit") || method.equals("rollback")) {
        calls.add(method);
      }
      if (method.equals("prepareStatement")) {
        return proxy(PreparedStatement.class, result, statementCalls(calls));
      }
      if (method.equals("createStatement")) {
        return proxy(Statement.class, result, statementCalls(calls));
      }
      return result;
    };
  }

  private static Recorder statementCalls(List<String> calls) {
    return (method, result) -> {
      if (method.startsWith("execute")) {
        calls.add(method);
      }
      return result;
    };
  }

  @FunctionalInterface
  private interface Recorder {
    Object after(String method, Object result);
  }

  private static <T> T proxy(Class<T> type, Object target, Recorder recorder) {
    InvocationHandler handler =
        (self, method, args) -> {
          if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
            return method.invoke(target, args);
          }
          try {
            return recorder.after(method.getName(), method.invoke(target, args));
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
