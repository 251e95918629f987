import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.Version;

/**
 * A Neo4j Community server for development and tests, run by tooling/neo4j/server.ts as a
 * single-file program (`java -cp "lib/*" Launcher.java`). Bolt only, on 127.0.0.1, with auth on.
 *
 * Arguments: --port N --data-dir DIR --page-cache SIZE --transaction-max SIZE, and the flags
 * --exit-on-stdin-eof (stop when the parent goes away) and --delete-data-on-exit (for tests).
 * The password comes from NEO4J_PASSWORD, so it never shows in a process list. Problems a person
 * can fix are one line on stderr starting "neo4j: " and exit code 2.
 */
public class Launcher {
    static void refuse(String message) {
        System.err.println("neo4j: " + message);
        System.exit(2);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--exit-on-stdin-eof") || args[i].equals("--delete-data-on-exit")) options.put(args[i].substring(2), "true");
            else if (args[i].startsWith("--") && i + 1 < args.length) options.put(args[i].substring(2), args[++i]);
            else refuse("unknown argument " + args[i]);
        }
        int port = Integer.parseInt(options.getOrDefault("port", "7687"));
        Path dataDir = Path.of(options.getOrDefault("data-dir", "data/neo4j")).toAbsolutePath().normalize();
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) refuse("NEO4J_PASSWORD must be set to at least 8 characters");

        Files.createDirectories(dataDir);
        Path pidFile = dataDir.resolve("neo4j.pid");
        if (Files.exists(pidFile)) {
            long stale = Long.parseLong(Files.readString(pidFile).trim());
            if (ProcessHandle.of(stale).map(ProcessHandle::isAlive).orElse(false)) {
                refuse("a Neo4j server (pid " + stale + ") is already running on " + dataDir + "; stop it first");
            }
            Files.delete(pidFile);
        }
        // Neo4j would fail later with a long stack trace; say it plainly instead.
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
        } catch (IOException e) {
            refuse("port " + port + " on 127.0.0.1 is already in use");
        }

        SocketAddress bolt = new SocketAddress("127.0.0.1", port);
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(dataDir)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, bolt)
                .setConfig(BoltConnector.advertised_address, bolt)
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                // Bolt otherwise waits 5 s for idle connections and 5 s for its threads at every stop,
                // long after the databases are checkpointed and closed.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // The default page cache is half the machine's memory; the default transaction limit is none.
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(options.getOrDefault("page-cache", "256m")))
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, ByteUnit.parse(options.getOrDefault("transaction-max", "256m")))
                // A transaction's timeout is enforced when the monitor next looks, by default every 2 s:
                // a 1 s query limit would end anywhere up to 3 s.
                .setConfig(GraphDatabaseSettings.transaction_monitor_check_interval, Duration.ofMillis(100))
                .build();
        boolean deleteData = options.containsKey("delete-data-on-exit");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            try {
                if (deleteData) {
                    try (var paths = Files.walk(dataDir)) {
                        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                    }
                } else {
                    Files.deleteIfExists(pidFile);
                }
            } catch (IOException ignored) {
                // The next start finds the pid dead and removes the file.
            }
        }));
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");

        if (!dbms.database("system").isAvailable(Duration.ofMinutes(2).toMillis())
                || !dbms.database("neo4j").isAvailable(Duration.ofMinutes(2).toMillis())) {
            refuse("the database did not become available within 2 minutes (see " + dataDir.resolve("logs/debug.log") + ")");
        }
        try {
            dbms.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (RuntimeException e) {
            // Setting the password it already has is refused; any other refusal is worth stopping for.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) refuse("could not set the password: " + e.getMessage());
        }

        if (options.containsKey("exit-on-stdin-eof")) {
            // The parent holds our stdin; when it dies, even by kill -9, the pipe closes and we stop.
            Thread watcher = new Thread(() -> {
                try {
                    while (System.in.read() != -1) {}
                } catch (IOException ignored) {
                    // A broken pipe means the same as end of input.
                }
                System.exit(0);
            }, "stdin-watcher");
            watcher.setDaemon(true);
            watcher.start();
        }
        System.out.println("Neo4j " + Version.getNeo4jVersion() + " ready on bolt://127.0.0.1:" + port + " (data " + dataDir + ")");
    }
}
