package dev.flywheel.policy.usage;

import dev.flywheel.policy.QuotaPeriod;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The usage store in a database: SQLite (a file) or PostgreSQL (a server).
 *
 * <p><b>Schema</b> (version {@value UsageStore#SCHEMA_VERSION}): {@code flywheel_usage_schema} holds the version;
 * {@code flywheel_usage_counter} one row per (consumer, owner kind, owner, period, period start) with its count and
 * limit; {@code flywheel_usage_item} one row per item counted in a counter. The count is kept equal to the number
 * of the counter's item rows: both change in the same transaction.
 *
 * <p><b>Why a batch cannot over-admit.</b> A batch is one transaction that first takes a write lock on every counter
 * it touches, then reads their counts and which of its items they hold, decides in memory ({@link BatchAdmitter}) and
 * writes. In SQLite the lock is the database's write lock, taken when the transaction begins ({@code BEGIN
 * IMMEDIATE}); other writers wait for it (busy timeout). The journal is SQLite's default rollback journal, not WAL:
 * writers are serialised either way, and the rollback journal keeps the store one file that any local file system
 * holds. In PostgreSQL the lock is {@code SELECT ... FOR UPDATE} on the counter rows, in one fixed order (so two
 * batches never deadlock on them) under READ COMMITTED: every statement after the lock sees what earlier holders
 * committed, so the count it reads is exact, and batches on different counters run in parallel. SERIALIZABLE would
 * make the hot counters of a collective abort and retry; the row lock queues them instead. Deadlocks and
 * serialisation failures that happen anyway (new counter rows inserted by two batches) are retried.
 *
 * <p><b>Round trips</b> per batch: a few statements, each over many counters or items (chunks of
 * {@value #CHUNK} rows), never one per item.
 */
final class JdbcStore implements UsageStore {
  static final int CHUNK = 200;
  private static final int RETRIES = 8;
  private static final String PG_PREFIX = "jdbc:postgresql:";

  static final Comparator<UsageRow> ROW_ORDER = Comparator.comparing(UsageRow::consumer)
      .thenComparing(r -> r.owner().kind())
      .thenComparing(r -> r.owner().name())
      .thenComparing(r -> r.instance().period())
      .thenComparing(r -> r.instance().start());

  private enum Dialect { SQLITE, POSTGRES }

  private final Dialect dialect;
  private final String description;
  private final Connection connection;
  private boolean closed;

  private JdbcStore(Dialect dialect, String description, Connection connection) {
    this.dialect = dialect;
    this.description = description;
    this.connection = connection;
  }

  static StoreResult<UsageStore> open(String location) {
    java.util.Objects.requireNonNull(location, "location");
    if (location.startsWith("jdbc:")) {
      if (!location.startsWith(PG_PREFIX)) {
        return failed(StoreError.Code.BAD_LOCATION, "usage store " + location
            + ": not a file path or a jdbc:postgresql:// URL");
      }
      return openPostgres(location);
    }
    return openSqlite(location);
  }

  private static StoreResult<UsageStore> openSqlite(String location) {
    Path path;
    try {
      path = Path.of(location).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      return failed(StoreError.Code.BAD_LOCATION, "usage store " + location + ": not a file path");
    }
    String name = "sqlite:" + path;
    if (location.isEmpty() || Files.isDirectory(path)) {
      return failed(StoreError.Code.BAD_LOCATION, "usage store " + name + " is a folder, not a file");
    }
    Path parent = path.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return failed(StoreError.Code.BAD_LOCATION, "usage store " + name + ": its folder does not exist");
    }
    boolean existed = Files.exists(path);
    if (existed && !Files.isWritable(path)) {
      return failed(StoreError.Code.READ_ONLY, "usage store " + name + " is read-only");
    }
    if (!existed && !Files.isWritable(parent)) {
      return failed(StoreError.Code.READ_ONLY, "usage store " + name + " cannot be created: its folder is read-only");
    }
    Properties props = new Properties();
    // xerial's names for BEGIN IMMEDIATE on every transaction and for the busy timeout (milliseconds).
    props.setProperty("transaction_mode", "IMMEDIATE");
    props.setProperty("busy_timeout", "60000");
    Connection connection;
    try {
      connection = DriverManager.getConnection("jdbc:sqlite:" + path, props);
    } catch (SQLException e) {
      return failed(StoreError.Code.BAD_LOCATION, "usage store " + name + " cannot be opened: " + oneLine(e));
    }
    StoreResult<UsageStore> result = prepare(new JdbcStore(Dialect.SQLITE, name, connection));
    if (result instanceof StoreResult.Failed<UsageStore> && !existed) {
      try {
        Files.deleteIfExists(path); // nothing written: a refused new store leaves no file behind
      } catch (java.io.IOException ignored) {
        // the store was refused already; an empty file left behind is harmless and reported by the next open
      }
    }
    return result;
  }

  private static StoreResult<UsageStore> openPostgres(String location) {
    String name = describePostgres(location);
    Properties props = new Properties();
    // Unreachable servers fail in seconds, not after the driver's minutes; a URL may set its own.
    if (!location.contains("connectTimeout=")) {
      props.setProperty("connectTimeout", "10");
    }
    if (!location.contains("loginTimeout=")) {
      props.setProperty("loginTimeout", "20");
    }
    Connection connection;
    try {
      connection = new org.postgresql.Driver().connect(location, props);
      if (connection == null) {
        return failed(StoreError.Code.BAD_LOCATION, "usage store " + name + ": not a PostgreSQL URL");
      }
    } catch (SQLException e) {
      return failed(StoreError.Code.UNREACHABLE, "usage store " + name + " cannot be reached: " + oneLine(e));
    }
    return prepare(new JdbcStore(Dialect.POSTGRES, name, connection));
  }

  /** The URL without parameters (which may hold a password) and without a user:password@ part. */
  static String describePostgres(String location) {
    String s = location.substring("jdbc:".length());
    int q = s.indexOf('?');
    if (q >= 0) {
      s = s.substring(0, q);
    }
    int at = s.indexOf('@');
    if (at >= 0) {
      s = "postgresql://" + s.substring(at + 1);
    }
    return s;
  }

  /** Creates the schema of a new store or checks an existing one's version, in one transaction. */
  private static StoreResult<UsageStore> prepare(JdbcStore store) {
    Connection c = store.connection;
    try {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        if (store.dialect == Dialect.POSTGRES) {
          // Two processes opening a new store at once: one creates the tables, the other then finds them.
          st.execute("SELECT pg_advisory_xact_lock(7237005577332262213)");
        }
        Set<String> tables = store.tables(st);
        if (tables.contains("flywheel_usage_schema")) {
          int version;
          try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM flywheel_usage_schema")) {
            version = rs.next() ? rs.getInt(1) : 0;
          }
          if (version > SCHEMA_VERSION) {
            c.rollback();
            store.closeQuietly();
            return failed(StoreError.Code.NEWER_SCHEMA, "usage store " + store.description + " has schema version "
                + version + ", newer than the " + SCHEMA_VERSION + " this version of flywheel-policy knows: upgrade"
                + " flywheel-policy; the store was not changed");
          }
          if (version < 1) {
            c.rollback();
            store.closeQuietly();
            return failed(StoreError.Code.NOT_A_STORE, "usage store " + store.description
                + " has no schema version: not a usage store");
          }
          // A write, so that a store this process may not write is refused now, before any output is made.
          st.executeUpdate("UPDATE flywheel_usage_schema SET version = version");
        } else {
          if (store.dialect == Dialect.SQLITE && !tables.isEmpty()) {
            c.rollback();
            store.closeQuietly();
            return failed(StoreError.Code.NOT_A_STORE, "usage store " + store.description
                + " is a database with other tables, not a usage store");
          }
          store.createSchema(st);
        }
      }
      c.commit();
      return new StoreResult.Ok<>(store);
    } catch (SQLException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the connection is closed next
      }
      store.closeQuietly();
      return failed(classify(store.dialect, e), "usage store " + store.description + ": " + oneLine(e));
    }
  }

  private Set<String> tables(Statement st) throws SQLException {
    Set<String> out = new HashSet<>();
    String sql = dialect == Dialect.SQLITE
        ? "SELECT name FROM sqlite_master WHERE type = 'table'"
        : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";
    try (ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private void createSchema(Statement st) throws SQLException {
    String id = dialect == Dialect.SQLITE ? "INTEGER PRIMARY KEY" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
    st.execute("CREATE TABLE flywheel_usage_schema (version INTEGER NOT NULL)");
    st.execute("CREATE TABLE flywheel_usage_counter (id " + id + ", consumer TEXT NOT NULL, owner_kind TEXT NOT NULL,"
        + " owner TEXT NOT NULL, period TEXT NOT NULL, period_start TEXT NOT NULL, period_end TEXT NOT NULL,"
        + " quota_limit BIGINT NOT NULL, used BIGINT NOT NULL,"
        + " UNIQUE (consumer, owner_kind, owner, period, period_start))");
    st.execute("CREATE TABLE flywheel_usage_item (counter_id BIGINT NOT NULL REFERENCES flywheel_usage_counter (id),"
        + " item_id TEXT NOT NULL, PRIMARY KEY (counter_id, item_id))");
    st.execute("INSERT INTO flywheel_usage_schema (version) VALUES (" + SCHEMA_VERSION + ")");
  }

  private static StoreError.Code classify(Dialect dialect, SQLException e) {
    String message = String.valueOf(e.getMessage());
    if (dialect == Dialect.SQLITE) {
      if (message.contains("SQLITE_NOTADB") || message.contains("not a database")) {
        return StoreError.Code.NOT_A_STORE;
      }
      if (message.contains("SQLITE_READONLY") || message.contains("readonly")) {
        return StoreError.Code.READ_ONLY;
      }
      return StoreError.Code.FAILED;
    }
    String state = String.valueOf(e.getSQLState());
    if (state.equals("25006") || state.equals("42501")) { // read-only transaction, insufficient privilege
      return StoreError.Code.READ_ONLY;
    }
    if (state.startsWith("08")) {
      return StoreError.Code.UNREACHABLE;
    }
    return StoreError.Code.FAILED;
  }

  static String oneLine(SQLException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return (nl >= 0 ? m.substring(0, nl) : m).strip();
  }

  private static <T> StoreResult<T> failed(StoreError.Code code, String message) {
    return new StoreResult.Failed<>(new StoreError(code, message));
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public String kind() {
    return dialect == Dialect.POSTGRES ? "postgresql" : "sqlite";
  }

  @Override
  public QuotaCounter counter(String consumer) {
    MemoryStore.checkConsumerArgument(consumer);
    return new QuotaCounter() {
      private volatile StoreError lastError;

      @Override
      public String consumer() {
        return consumer;
      }

      @Override
      public String store() {
        return description;
      }

      @Override
      public String kind() {
        return JdbcStore.this.kind();
      }

      @Override
      public List<Admission> reserve(List<Reservation> batch) {
        BatchAdmitter.checkBatch(batch);
        StoreError[] error = new StoreError[1];
        List<Admission> answers = JdbcStore.this.reserve(consumer, batch, error);
        if (error[0] != null) {
          lastError = error[0];
        }
        return answers;
      }

      @Override
      public Optional<StoreError> lastError() {
        return Optional.ofNullable(lastError);
      }
    };
  }

  private synchronized List<Admission> reserve(String consumer, List<Reservation> batch, StoreError[] error) {
    if (closed) {
      throw new IllegalStateException("the usage store is closed");
    }
    Map<CounterKey, Long> keys = BatchAdmitter.keys(batch);
    if (keys.isEmpty()) {
      return BatchAdmitter.admit(batch, k -> {
        throw new IllegalStateException("no claims");
      });
    }
    SQLException last = null;
    for (int attempt = 0; attempt < RETRIES; attempt++) {
      try {
        List<Admission> answers = reserveOnce(consumer, batch, keys);
        connection.commit();
        return answers;
      } catch (SQLException e) {
        last = e;
        try {
          connection.rollback();
        } catch (SQLException ignored) {
          // reported below through the first failure
        }
        if (!retryable(e)) {
          break;
        }
        try {
          Thread.sleep(5L << attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    error[0] = new StoreError(classify(dialect, last), "usage store " + description + ": " + oneLine(last));
    List<Admission> none = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      none.add(Admission.UNAVAILABLE);
    }
    return none;
  }

  private boolean retryable(SQLException e) {
    String state = String.valueOf(e.getSQLState());
    return state.equals("40001") || state.equals("40P01") || String.valueOf(e.getMessage()).contains("SQLITE_BUSY");
  }

  private List<Admission> reserveOnce(String consumer, List<Reservation> batch, Map<CounterKey, Long> keys)
      throws SQLException {
    List<CounterKey> sorted = new ArrayList<>(keys.keySet());
    sorted.sort(CounterKey.ORDER);
    // 1. Every counter exists (in lock order, so that two batches creating the same rows cannot deadlock).
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO flywheel_usage_counter (consumer,"
        + " owner_kind, owner, period, period_start, period_end, quota_limit, used) VALUES (?, ?, ?, ?, ?, ?, ?, 0)"
        + " ON CONFLICT (consumer, owner_kind, owner, period, period_start) DO NOTHING")) {
      for (CounterKey k : sorted) {
        insert.setString(1, consumer);
        bindKey(insert, 2, k);
        insert.setString(6, k.instance().end().toString());
        insert.setLong(7, keys.get(k));
        insert.addBatch();
      }
      insert.executeBatch();
    }
    // 2. Lock and read them.
    Map<CounterKey, CounterState> states = new HashMap<>();
    Map<Long, CounterState> byId = new HashMap<>();
    for (int from = 0; from < sorted.size(); from += CHUNK) {
      List<CounterKey> chunk = sorted.subList(from, Math.min(sorted.size(), from + CHUNK));
      StringBuilder sql = new StringBuilder("SELECT id, owner_kind, owner, period, period_start, used, quota_limit"
          + " FROM flywheel_usage_counter WHERE consumer = ? AND (owner_kind, owner, period, period_start) IN (");
      for (int i = 0; i < chunk.size(); i++) {
        sql.append(i == 0 ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)");
      }
      sql.append(") ORDER BY owner_kind, owner, period, period_start");
      if (dialect == Dialect.POSTGRES) {
        sql.append(" FOR UPDATE");
      }
      Map<String, CounterKey> byText = new HashMap<>();
      try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
        select.setString(1, consumer);
        int p = 2;
        for (CounterKey k : chunk) {
          bindKey(select, p, k);
          p += 4;
          byText.put(keyText(k.owner().kind().word(), k.owner().name(), k.instance().period().word(),
              k.instance().start().toString()), k);
        }
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            CounterKey k = byText.get(keyText(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            if (k == null) {
              throw new SQLException("a counter row does not match the key it was read by");
            }
            CounterState s = new CounterState(rs.getLong(1), rs.getLong(6), rs.getLong(7), new HashSet<>());
            states.put(k, s);
            byId.put(s.id, s);
          }
        }
      }
    }
    if (states.size() != sorted.size()) {
      throw new SQLException("a counter row is missing after it was created");
    }
    // 3. Which of the batch's items each counter already holds.
    List<Object[]> pairs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Reservation r : batch) {
      for (QuotaClaim claim : r.claims()) {
        CounterState s = states.get(CounterKey.of(claim, r.at()));
        if (seen.add(s.id + "\u0000" + r.itemId())) {
          pairs.add(new Object[] {s.id, r.itemId()});
        }
      }
    }
    for (int from = 0; from < pairs.size(); from += CHUNK) {
      List<Object[]> chunk = pairs.subList(from, Math.min(pairs.size(), from + CHUNK));
      StringBuilder sql = new StringBuilder("SELECT counter_id, item_id FROM flywheel_usage_item WHERE"
          + " (counter_id, item_id) IN (");
      for (int i = 0; i < chunk.size(); i++) {
        sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
      }
      sql.append(')');
      try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
        int p = 1;
        for (Object[] pair : chunk) {
          select.setLong(p++, (Long) pair[0]);
          select.setString(p++, (String) pair[1]);
        }
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            byId.get(rs.getLong(1)).counted.add(rs.getString(2));
          }
        }
      }
    }
    // 4. Decide, then 5. write what was counted.
    List<Admission> answers = BatchAdmitter.admit(batch, states::get);
    try (PreparedStatement item = connection.prepareStatement(
            "INSERT INTO flywheel_usage_item (counter_id, item_id) VALUES (?, ?)");
        PreparedStatement counter = connection.prepareStatement(
            "UPDATE flywheel_usage_counter SET used = ?, quota_limit = ? WHERE id = ?")) {
      boolean any = false;
      for (CounterKey k : sorted) {
        CounterState s = states.get(k);
        if (s.added.isEmpty()) {
          continue;
        }
        any = true;
        for (String id : s.added) {
          item.setLong(1, s.id);
          item.setString(2, id);
          item.addBatch();
        }
        counter.setLong(1, s.used);
        counter.setLong(2, s.limit);
        counter.setLong(3, s.id);
        counter.addBatch();
      }
      if (any) {
        item.executeBatch();
        counter.executeBatch();
      }
    }
    return answers;
  }

  private static String keyText(String kind, String owner, String period, String start) {
    return kind + '\u0000' + owner + '\u0000' + period + '\u0000' + start;
  }

  private static void bindKey(PreparedStatement st, int from, CounterKey k) throws SQLException {
    st.setString(from, k.owner().kind().word());
    st.setString(from + 1, k.owner().name());
    st.setString(from + 2, k.instance().period().word());
    st.setString(from + 3, k.instance().start().toString());
  }

  @Override
  public synchronized StoreResult<List<UsageRow>> usage(String consumer) {
    if (closed) {
      throw new IllegalStateException("the usage store is closed");
    }
    String sql = "SELECT consumer, owner_kind, owner, period, period_start, period_end, quota_limit, used"
        + " FROM flywheel_usage_counter WHERE used > 0" + (consumer == null ? "" : " AND consumer = ?");
    List<UsageRow> rows = new ArrayList<>();
    try (PreparedStatement st = connection.prepareStatement(sql)) {
      if (consumer != null) {
        st.setString(1, consumer);
      }
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          QuotaPeriod period = QuotaPeriod.fromWord(rs.getString(4))
              .orElseThrow(() -> new SQLException("unknown period in the store"));
          rows.add(new UsageRow(rs.getString(1), new QuotaOwner(QuotaOwner.Kind.fromWord(rs.getString(2)),
              rs.getString(3)), new PeriodInstance(period, Instant.parse(rs.getString(5)),
              Instant.parse(rs.getString(6))), rs.getLong(7), rs.getLong(8)));
        }
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        // reported below
      }
      String why = e instanceof SQLException s ? oneLine(s) : String.valueOf(e.getMessage());
      return failed(StoreError.Code.FAILED, "usage store " + description + " cannot be read: " + why);
    }
    rows.sort(ROW_ORDER);
    return new StoreResult.Ok<>(List.copyOf(rows));
  }

  private void closeQuietly() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // nothing was written through it
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      closeQuietly();
    }
  }
}
