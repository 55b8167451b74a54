import DockerSimCommands
import DockerSimCore
import DockerSimTestSupport
import Testing

/// Pages of the `php:*-apache` images: Apache runs a `.php` file in the image's PHP.
@Suite struct PHPPageTests {
    @Test func aHeadRequestSendsNoPageAndAGetSendsItsLength() {
        let session = makeSession(seed: 46)
        session.run(
            "mkdir codigo", "echo '<?php echo phpversion(), \" \", $_SERVER[\"SCRIPT_FILENAME\"];' > codigo/v.php")
        session.run("run -d -p 8082:80 -v /home/usuario/codigo:/var/www/html php:5.6-apache")
        let get = session.handle("curl -i localhost:8082/v.php").stdout
        #expect(
            get
                == "HTTP/1.1 200 OK\r\nDate: Sun, 28 Jan 2024 17:00:00 GMT\r\nServer: Apache/2.4.25 (Debian)\r\nX-Powered-By: PHP/5.6.40\r\nContent-Length: 26\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n5.6.40 /var/www/html/v.php"
        )
        #expect(!session.handle("curl -I localhost:8082/v.php").stdout.contains("Content-Length"))
        session.run("mv codigo/v.php codigo/index.php")
        #expect(session.handle("curl -s localhost:8082").stdout == "5.6.40 /var/www/html/index.php")
        #expect(session.engine.invariantViolations() == [])
    }
}
