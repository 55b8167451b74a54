import DockerSimCommands
import DockerSimCore
import DockerSimTestSupport
import Testing

/// PHP's mysqli against the MariaDB model (SQLConnection.swift: the one way every client
/// connects), `docker-php-ext-install`/`-enable`, and a main script that ends in a service.
@Suite struct PHPMySQLTests {
    /// A MariaDB server and a php:7.4-apache container with mysqli, on one network; the page
    /// `codigo/index.php` is served on port 8083.
    func scenario(_ page: String) -> Session {
        let session = makeSession(seed: 47)
        session.run("mkdir codigo", "network create red")
        session.run("cat > codigo/index.php <<'EOF'\n\(page)\nEOF")
        session.run(
            "run -d --name db --network red -e MARIADB_ROOT_PASSWORD=r -e MARIADB_DATABASE=tienda -e MARIADB_USER=u -e MARIADB_PASSWORD=p mariadb:10.5",
            "exec db mysql -uu -pp tienda -e 'create table t (n int, s varchar(9)); insert into t values (1, \"uno\")'",
            "run -d --name web --network red -p 8083:80 -v /home/usuario/codigo:/var/www/html php:7.4-apache",
            "exec web docker-php-ext-install mysqli")
        return session
    }

    @Test func aPageReadsAndWritesTheDatabase() {
        let session = scenario(
            """
            <?php
            $c = new mysqli('db', 'u', 'p', 'tienda');
            $c->query("insert into t values (2, 'dos')");
            $r = $c->query('select * from t');
            while ($f = $r->fetch_assoc()) { echo $f['n'], '=', $f['s'], ' '; }
            """)
        #expect(session.handle("curl -s localhost:8083").stdout == "1=uno 2=dos ")
        // What the page inserted is in the server's files: the client sees it.
        #expect(session.handle("exec db mysql -uu -pp tienda -e 'select s from t'").stdout == "s\nuno\ndos\n")
        #expect(session.engine.invariantViolations() == [])
    }

    @Test func failedConnectionsSayWhatMysqlndSays() {
        let session = scenario(
            """
            <?php
            $a = new mysqli('db', 'u', 'mala', 'tienda');
            echo $a->connect_errno, ' ', $a->connect_error, "\\n";
            $b = new mysqli('nadie', 'u', 'p', 'tienda');
            echo $b->connect_errno, ' ', $b->connect_error, "\\n";
            $c = new mysqli('localhost', 'u', 'p', 'tienda');
            echo $c->connect_errno, ' ', $c->connect_error, "\\n";
            """)
        let page = session.handle("curl -s localhost:8083").stdout
        // PHP's warning for each (display_errors is on without a php.ini), then what the page echoes.
        #expect(
            page.contains(
                "<b>Warning</b>:  mysqli::__construct(): (HY000/2002): php_network_getaddresses: getaddrinfo failed: Name or service not known in <b>/var/www/html/index.php</b> on line <b>4</b><br />"
            ))
        let lines = page.split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("<") }
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("1045 Access denied for user 'u'@'172.") == true)
        #expect(lines.first?.hasSuffix("' (using password: YES)") == true)
        #expect(
            lines.dropFirst().first == "2002 php_network_getaddresses: getaddrinfo failed: Name or service not known")
        #expect(lines.last == "2002 No such file or directory")
    }

    @Test func theExtensionScripts() {
        let session = makeSession(seed: 48)
        session.run("run -d --name web php:7.4-apache")
        let unknown = session.handle("exec web docker-php-ext-install nada")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("error: /usr/src/php/ext/nada does not exist\n\nusage: "))
        #expect(session.handle("exec web docker-php-ext-enable mysqli").status == 1)
        let installed = session.handle("exec web docker-php-ext-install mysqli")
        #expect(installed.status == 0)
        #expect(installed.stdout.hasSuffix("rm -f libphp.la      modules/* libs/*\n"))
        #expect(
            session.handle("exec web cat /usr/local/etc/php/conf.d/docker-php-ext-mysqli.ini").stdout
                == "extension=mysqli\n")
        let again = session.handle("exec web docker-php-ext-enable mysqli")
        #expect(again.status == 0)
        #expect(again.stderr == "\nwarning: mysqli (mysqli.so) is already loaded!\n\n")
    }

    @Test func aScriptRunsAndItsLastLineBecomesTheService() {
        let session = makeSession(seed: 49)
        session.run(
            "mkdir ctx",
            "cat > ctx/inicio.sh <<'EOF'\n#!/bin/bash\nif ! false; then echo preparado; fi\napache2ctl -D FOREGROUND\nEOF",
            "cat > ctx/Dockerfile <<'EOF'\nFROM php:7.4-apache\nCOPY inicio.sh /usr/local/bin/\nCMD [\"/usr/local/bin/inicio.sh\"]\nEOF",
            "build -q -t guion ctx")
        // Not executable: the runtime refuses it.
        let refused = session.handle("run -d --name mal guion")
        #expect(refused.status == 126)
        session.run("rm -f mal")
        session.run(
            "cat > ctx/Dockerfile <<'EOF'\nFROM php:7.4-apache\nCOPY inicio.sh /usr/local/bin/\nRUN chmod +x /usr/local/bin/inicio.sh\nCMD [\"/usr/local/bin/inicio.sh\"]\nEOF",
            "build -q -t guion ctx", "run -d --name web -p 8084:80 guion")
        #expect(session.handle("logs web").stdout == "preparado\n")
        #expect(session.handle("ps -q -f status=running").stdout != "")
        #expect(session.handle("curl -s localhost:8084").stdout.contains("<title>403 Forbidden</title>"))
        #expect(session.engine.invariantViolations() == [])
    }
}
