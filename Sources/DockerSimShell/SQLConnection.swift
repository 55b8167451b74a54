import DockerSimCore

/// Opening a connection to a MariaDB server of the engine's SQL model (Engine+SQL.swift), the
/// one way every client does it: the `mysql`/`mariadb` client (``SQLClient``), PHP's `mysqli`
/// (``EngineMySQLConnector``) and any application that talks to a database.
///
///     switch SQLConnection.open(host: "mariadb", user: "user1", password: "asdasd",
///                               database: "usuarios", from: .container(id), engine: &engine) {
///     case .success(var session): _ = try engine.sqlExecute("SELECT 1", session: &session)
///     case .failure(let failure): …   // each client words it its own way
///     }
///
/// No host (or `localhost`) means the server's Unix socket: a server running in the client's own
/// container. Any other host is resolved and reached through the simulated network
/// (``Engine/connect(from:to:port:proto:listeners:)``), and the server sees the client's address.
public enum SQLConnection {
    /// Why a connection could not be opened; each client prints its own text for it.
    public enum Failure: Error, Sendable, Equatable {
        /// No server behind the local socket (no server running in the client's container).
        case noSocket
        /// The host name does not resolve.
        case unknownHost(String)
        /// Nothing answers at the address (a packet that goes nowhere): the connection times out.
        case timedOut(String)
        /// No machine answers at the address on its network (EHOSTUNREACH).
        case noRoute(String)
        /// The address's network cannot be reached from the client (ENETUNREACH).
        case unreachable(String)
        /// Nothing listens on the port.
        case refused(String)
        /// Something that is not a MySQL server answered, or it closed the connection: the
        /// system error (`11`, `104`).
        case lost(systemError: Int)
        /// The server refused the login or the database (`1045`, `1044`, `1049`).
        case server(SQLError)
    }

    /// Connects to `host` (nil or `localhost`: the local socket) on `port` as `user` with
    /// `password`, from `origin`, then selects `database` when given and not empty.
    public static func open(
        host: String?, port: Int = 3306, user: String, password: String?, database: String?,
        from origin: TrafficOrigin, engine: inout Engine
    ) -> Result<SQLSession, Failure> {
        if host == nil || host == "localhost" {
            guard case .container(let id) = origin, let spec = ContainerRuntime.sqlServer(of: id, engine: engine) else {
                return .failure(.noSocket)
            }
            return login(id, spec, user: user, password: password, clientHost: "localhost", database: database, &engine)
        }
        let host = host ?? ""
        guard case .found(let addresses, _) = engine.resolve(host, from: origin), let address = addresses.first else {
            return .failure(.unknownHost(host))
        }
        switch engine.connect(from: origin, to: address, port: port, listeners: ContainerRuntime.listeners(engine)) {
        case .open(let id, let listener, let client):
            guard case .other("mysql") = listener.service, let spec = ContainerRuntime.sqlServer(of: id, engine: engine)
            else { return .failure(.lost(systemError: 11)) }
            let clientHost = client.isLoopback ? "127.0.0.1" : client.description
            return login(id, spec, user: user, password: password, clientHost: clientHost, database: database, &engine)
        case .reset: return .failure(.lost(systemError: 104))
        case .silent, .internet: return .failure(.timedOut(host))
        case .noHost: return .failure(.noRoute(host))
        case .refused: return .failure(.refused(host))
        case .unreachable: return .failure(.unreachable(host))
        }
    }

    static func login(
        _ id: String, _ spec: SQLServerSpec, user: String, password: String?, clientHost: String, database: String?,
        _ engine: inout Engine
    ) -> Result<SQLSession, Failure> {
        do throws(SQLError) {
            return .success(
                try engine.sqlConnect(
                    id, server: spec, user: user, password: password, clientHost: clientHost, database: database))
        } catch {
            return .failure(.server(error))
        }
    }
}

/// PHP's `mysqli` talking to the engine's SQL model: the ``PHPMySQLConnector`` a web server's
/// PHP gets (WebServer.swift's `runPHP`). It holds a copy of the engine while the script runs;
/// the caller takes ``engine`` back afterwards (the statements may have changed the databases).
/// Its errors are mysqlnd's (the driver PHP's images build mysqli with): `(HY000/2002)`
/// `Connection refused`, `php_network_getaddresses: …`, the server's own for a login.
public struct EngineMySQLConnector: PHPMySQLConnector {
    /// The engine the script's statements run against; read it back after the run.
    public private(set) var engine: Engine
    /// Where the script runs (its container).
    public let origin: TrafficOrigin
    /// PHP's major version (the words of a failed name lookup changed in PHP 8).
    public let phpMajor: Int
    var sessions: [Int: SQLSession] = [:]
    var nextHandle = 1

    public init(engine: Engine, origin: TrafficOrigin, phpMajor: Int) {
        self.engine = engine
        self.origin = origin
        self.phpMajor = phpMajor
    }

    public mutating func connect(
        host: String, user: String, password: String, database: String
    ) -> Result<Int, PHPMySQLError> {
        let opened = SQLConnection.open(
            host: host, user: user, password: password, database: database.isEmpty ? nil : database, from: origin,
            engine: &engine)
        switch opened {
        case .success(let session):
            let handle = nextHandle
            nextHandle += 1
            sessions[handle] = session
            return .success(handle)
        case .failure(let failure):
            return .failure(Self.error(failure, phpMajor: phpMajor))
        }
    }

    public mutating func query(_ connection: Int, _ sql: String) -> Result<PHPMySQLResult, PHPMySQLError> {
        guard var session = sessions[connection] else {
            return .failure(PHPMySQLError(code: 2006, sqlState: "HY000", message: "MySQL server has gone away"))
        }
        defer { sessions[connection] = session }
        let text = sql.trimmingSQLSpaces()
        let statement = text.hasSuffix(";") ? String(text.dropLast()) : text
        do throws(SQLError) {
            switch try engine.sqlExecute(statement, session: &session) {
            case .rows(let columns, let rows):
                return .success(
                    PHPMySQLResult(
                        columns: columns.map(\.name),
                        rows: rows.map { row in row.map { $0 == .null ? nil : $0.display } }))
            case .ok(let affected, _):
                return .success(PHPMySQLResult(columns: nil, affectedRows: affected))
            case .databaseChanged:
                return .success(PHPMySQLResult(columns: nil))
            }
        } catch {
            if error.code == -1 {
                return .failure(
                    PHPMySQLError(
                        code: 1064, sqlState: "42000",
                        message: Message.notSimulated("SQL \(error.message)").en
                    ))
            }
            return .failure(PHPMySQLError(code: error.code, sqlState: error.state, message: error.message))
        }
    }

    public mutating func close(_ connection: Int) {
        sessions[connection] = nil
    }

    /// mysqlnd's words for a connection that failed.
    static func error(_ failure: SQLConnection.Failure, phpMajor: Int) -> PHPMySQLError {
        func network(_ message: String) -> PHPMySQLError {
            PHPMySQLError(code: 2002, sqlState: "HY000", message: message)
        }
        switch failure {
        case .noSocket: return network("No such file or directory")
        case .unknownHost(let host):
            return network(
                phpMajor >= 8
                    ? "php_network_getaddresses: getaddrinfo for \(host) failed: Name or service not known"
                    : "php_network_getaddresses: getaddrinfo failed: Name or service not known")
        case .timedOut: return network("Connection timed out")
        case .noRoute: return network("No route to host")
        case .unreachable: return network("Network is unreachable")
        case .refused: return network("Connection refused")
        case .lost: return PHPMySQLError(code: 2006, sqlState: "HY000", message: "MySQL server has gone away")
        case .server(let error): return PHPMySQLError(code: error.code, sqlState: "HY000", message: error.message)
        }
    }
}
