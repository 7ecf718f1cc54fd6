package io.clientele.storage;

import java.sql.SQLException;

/** A database fault no caller can repair: rendered as a server error by whoever meets it. */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StorageException(String operation, SQLException cause) {
    super(operation + " failed: SQLState " + cause.getSQLState(), cause);
  }
}
