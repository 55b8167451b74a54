import DockerSimCommands
import DockerSimCore
import DockerSimShell
import DockerSimTestSupport
import Testing

/// The MariaDB server model (Engine+SQL.swift) and its client (`mysql`/`mariadb`): accounts made
/// by the entrypoint from the variables, data kept as files under /var/lib/mysql, the server's
/// errors, the client's batch mode and monitor.
@Suite struct SQLTests {
    func session() -> Session {
        let session = makeSession()
        session.run("pull mariadb:10.5")
        return session
    }

    @Test func theEntrypointMakesTheAccountsAndTheDatabase() {
        let session = session()
        session.run(
            "run -d --name db -e MARIADB_ROOT_PASSWORD=r -e MARIADB_DATABASE=bd_wp -e MARIADB_USER=user_wp -e MARIADB_PASSWORD=asdasd mariadb:10.5"
        )
        #expect(
            session.handle("exec db mysql -uuser_wp -pasdasd -e 'show databases'").stdout
                == "Database\ninformation_schema\nbd_wp\n")
        let denied = session.handle("exec db mysql -uuser_wp -pasdasd mysql")
        #expect(denied.stderr == "ERROR 1044 (42000): Access denied for user 'user_wp'@'%' to database 'mysql'\n")
        #expect(denied.status == 1)
        #expect(
            session.handle("exec db mysql -uroot -pr -e 'show databases'").stdout
                == "Database\ninformation_schema\nbd_wp\nmysql\nperformance_schema\n")
        let wrong = session.handle("exec db mysql -uroot -pmala")
        #expect(wrong.stderr == "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)\n")
        #expect(session.engine.invariantViolations() == [])
    }

    @Test func aVolumeKeepsTheDataAndTheFirstPassword() {
        let session = session()
        session.run("run -d --name db -v datos:/var/lib/mysql -e MARIADB_ROOT_PASSWORD=uno mariadb:10.5")
        let made = session.handle(
            "exec db mysql -uroot -puno -e 'create database tienda; create table tienda.t (n int, s varchar(5)); insert into tienda.t values (1, \"a\"), (2, NULL)'"
        )
        #expect(made.status == 0)
        #expect(made.stderr == "")
        session.run("rm -f db")
        // The database files exist: the new password is not used, the old one is.
        session.run("run -d --name db2 -v datos:/var/lib/mysql -e MARIADB_ROOT_PASSWORD=dos mariadb:10.5")
        #expect(session.handle("exec db2 mysql -uroot -pdos").status == 1)
        #expect(
            session.handle("exec db2 mysql -uroot -puno tienda -e 'select * from t order by n desc'").stdout
                == "n\ts\n2\tNULL\n1\ta\n")
    }

    @Test func theServersErrors() {
        let session = session()
        session.run("run -d --name db -e MARIADB_ROOT_PASSWORD=r mariadb:10.5")
        func error(_ sql: String) -> String {
            session.handle("exec db mysql -uroot -pr -e \"\(sql)\"").stderr
        }
        #expect(error("show tables") == "ERROR 1046 (3D000) at line 1: No database selected\n")
        #expect(
            error("create database mysql")
                == "ERROR 1007 (HY000) at line 1: Can't create database 'mysql'; database exists\n")
        #expect(
            error("drop database nada")
                == "ERROR 1008 (HY000) at line 1: Can't drop database 'nada'; database doesn't exist\n")
        #expect(error("select * from mysql.nada") == "ERROR 1146 (42S02) at line 1: Table 'mysql.nada' doesn't exist\n")
        #expect(
            error("selec 1")
                == "ERROR 1064 (42000) at line 1: You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near 'selec 1' at line 1\n"
        )
        session.run(
            "exec db mysql -uroot -pr -e 'create database p; create table p.t (id int primary key, n varchar(3) not null)'"
        )
        #expect(
            error("insert into p.t values (1)")
                == "ERROR 1136 (21S01) at line 1: Column count doesn't match value count at row 1\n")
        #expect(
            error("insert into p.t (id) values (1)")
                == "ERROR 1364 (HY000) at line 1: Field 'n' doesn't have a default value\n")
        #expect(
            error("insert into p.t values (1, 'abcd')")
                == "ERROR 1406 (22001) at line 1: Data too long for column 'n' at row 1\n")
        session.run("exec db mysql -uroot -pr -e \"insert into p.t values (1, 'a')\"")
        #expect(
            error("insert into p.t values (1, 'b')")
                == "ERROR 1062 (23000) at line 1: Duplicate entry '1' for key 'PRIMARY'\n")
        #expect(
            error("select nada from p.t") == "ERROR 1054 (42S22) at line 1: Unknown column 'nada' in 'field list'\n")
        #expect(
            error("select * from p.t where x = 1")
                == "ERROR 1054 (42S22) at line 1: Unknown column 'x' in 'where clause'\n")
    }

    @Test func connectionsThroughTheNetwork() {
        let session = session()
        session.run("network create red", "run -d --name db --network red -e MARIADB_ROOT_PASSWORD=r mariadb:10.5")
        session.run("run -d --name otro --network red -e MARIADB_ROOT_PASSWORD=r mariadb:10.5")
        #expect(
            session.handle("exec otro mysql -h db -uroot -pr -e 'select user()'").stdout
                == "user()\nroot@172.18.0.3\n")
        #expect(
            session.handle("exec otro mysql -h nadie -uroot -pr").stderr
                == "ERROR 2005 (HY000): Unknown MySQL server host 'nadie' (-2)\n")
        session.run("stop db")
        #expect(
            session.handle("exec otro mysql -h 172.18.0.2 -uroot -pr").stderr
                == "ERROR 2002 (HY000): Can't connect to MySQL server on '172.18.0.2' (113)\n")
        // From the computer: nothing published.
        #expect(
            session.handle("mysql -h 127.0.0.1 -uroot -pr").stderr
                == "ERROR 2002 (HY000): Can't connect to server on '127.0.0.1' (115)\n")
    }

    @Test func theMonitorTakesTheTerminalAndGivesItBack() {
        let session = session()
        session.run("run -d --name db -e MARIADB_ROOT_PASSWORD=r mariadb:10.5")
        session.run("exec -it db mysql -uroot -p")
        #expect(session.prompt == "Enter password: ")
        #expect(session.awaitsPassword)
        #expect(session.handle("r").stdout.hasPrefix("Welcome to the MariaDB monitor."))
        #expect(session.prompt == "MariaDB [(none)]> ")
        session.run("create database x;", "use x")
        #expect(session.prompt == "MariaDB [x]> ")
        #expect(session.handle("select").stdout == "")
        #expect(session.prompt == "    -> ")
        #expect(session.handle("1;").stdout == "+---+\n| 1 |\n+---+\n| 1 |\n+---+\n1 row in set (0.001 sec)\n\n")
        #expect(session.handle("exit").stdout == "Bye\n")
        #expect(session.prompt == "$ ")
        #expect(session.engine.containers.values.first?.execSessions == 0)
    }
}
