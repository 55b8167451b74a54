import Testing

@testable import DockerSimCore

/// The PHP a `php:*-apache` image runs: the subset's statements, values and functions, what
/// differs between PHP 5, 7 and 8, and PHP's own error texts.
@Suite struct PHPTests {
    /// Runs `source` as `/var/www/html/index.php` with these other files beside it.
    func run(
        _ source: String, version: String = "7.4.33", files: [String: String] = [:], env: [String] = [],
        extensions: Set<String> = [], stepLimit: Int = 1_000_000, language: Language = .en
    ) -> String {
        var all = files.mapValues { PHP.File.text(Array($0.utf8)) }
        all["/var/www/html/index.php"] = .text(Array(source.utf8))
        var environment = PHP.Environment(
            dialect: PHPDialect(version)!, script: "/var/www/html/index.php", file: { all[$0] ?? .missing },
            variables: env, now: Timestamp(seconds: 1_706_461_200), hostname: "5f3a9c21d0e4",
            hasExtension: { extensions.contains($0) })
        environment.stepLimit = stepLimit
        environment.language = language
        return String(decoding: PHP.run(environment)?.output ?? [], as: UTF8.self)
    }

    static let course = """
        <?php
        echo 'Versión actual de PHP: ' . phpversion(). "<br/>";

        // Funciona bien en php5 ya que list hace la asignación desde el último al primero
        $info = array('cafeína','marrón', 'café');

        // Enumerar todas las variables
        list($datos[], $datos[], $datos[]) = $info;
        echo "El $datos[0] es $datos[1] y la $datos[2] lo hace especial.\\n";
        ?>

        """

    @Test func listAssignsFromTheRightInPHP5AndFromTheLeftInPHP7() {
        #expect(
            run(Self.course, version: "5.6.40")
                == "Versión actual de PHP: 5.6.40<br/>El café es marrón y la cafeína lo hace especial.\n")
        #expect(
            run(Self.course, version: "7.4.33")
                == "Versión actual de PHP: 7.4.33<br/>El cafeína es marrón y la café lo hace especial.\n")
    }

    @Test func htmlAroundTagsIsEchoedAndAClosingTagEatsOneNewline() {
        let page = "<h1>Hola</h1>\n<?php $x = 2 + 3; ?>\n<p><?= $x ?></p>\n<?php echo \"fin\" ?>\n\nresto"
        #expect(run(page) == "<h1>Hola</h1>\n<p>5</p>\nfin\nresto")
        #expect(run("sin php\n") == "sin php\n")
        #expect(run("<?php\necho 'a';") == "a")
    }

    @Test func stringsInterpolateVariablesKeysPropertiesAndBraces() {
        let page = """
            <?php
            $a = ['x' => 'uno', 2 => 'dos'];
            $o = new stdClass();
            $o->p = 'tres';
            $n = 'cuatro';
            echo "$a[x] {$a['x']} $a[2] $o->p {$o->p} ${n} \\$n \\x41\\101 \\q '$n'\\n";
            echo 'sin $n\\n', "\\n";
            echo <<<EOT
              Hola $n
                fin
              EOT;
            echo "\\n", <<<'EOT'
            $n literal
            EOT;

            """
        #expect(
            run(page) == "uno uno dos tres tres cuatro $n AA \\q 'cuatro'\nsin $n\\n\nHola cuatro\n  fin\n$n literal")
    }

    @Test func controlFlowAndFunctions() {
        let page = """
            <?php
            function saluda($quien, $signo = '!') { return "Hola $quien$signo"; }
            $total = 0;
            foreach ([1, 2, 3, 4] as $i => $n) {
                if ($n % 2 == 0) { continue; }
                $total += $n * 10 + $i;
            }
            for ($i = 0; $i < 3; $i++) echo $i;
            $k = 5;
            while (true) { if (--$k < 2) break; }
            echo " $total $k ", saluda('mundo'), ' ', saluda('tú', '?'), "\\n";
            switch ($k) { case 1: echo 'uno'; case 2: echo 'dos'; break; default: echo 'otro'; }
            if ($k > 5): ?>grande<?php elseif ($k == 1): ?>uno<?php else: ?>otro<?php endif;

            """
        #expect(run(page) == "012 42 1 Hola mundo! Hola tú?\nunodosuno")
    }

    @Test func numbersPrintAsPHPPrintsThem() {
        #expect(
            run("<?php echo 0.1 + 0.2, ' ', 7 / 2, ' ', 10 / 2, ' ', 1e25, ' ', 2 ** 3, ' ', -1.5e-7, ' ', 1/3;")
                == "0.3 3.5 5 1.0E+25 8 -1.5E-7 0.33333333333333")
        #expect(run("<?php echo '5' + '3', ' ', '1.5' * 2, ' ', 7 % 3, ' ', intval('12abc');") == "8 3 1 12")
        #expect(run("<?php printf('%05.2f|%-4s|%04d|%x', 3.14159, 'ab', 42, 255);") == "03.14|ab  |0042|ff")
        #expect(
            run("<?php echo number_format(1234567.891, 2), ' ', number_format(0.5), ' ', round(2.5);")
                == "1,234,567.89 1 3")
    }

    @Test func dateFollowsTheClockInUTCAndPHP5WarnsAboutTheTimeZone() {
        #expect(run("<?php echo date('d/m/Y H:i:s l jS F');") == "28/01/2024 17:00:00 Sunday 28th January")
        let five = run("<?php echo date('Y');", version: "5.6.40")
        #expect(
            five.hasPrefix("<br />\n<b>Warning</b>:  date(): It is not safe to rely on the system's timezone settings.")
        )
        #expect(five.hasSuffix("in <b>/var/www/html/index.php</b> on line <b>1</b><br />\n2024"))
    }

    @Test func getenvReadsTheContainersEnvironment() {
        #expect(run("<?php echo getenv('DB_HOST');", env: ["DB_HOST=db"]) == "db")
        #expect(run("<?php var_dump(getenv('NADA'), getenv('A'));", env: ["A=1"]) == "bool(false)\nstring(1) \"1\"\n")
    }

    @Test func includeReadsAFileOfTheContainer() {
        let files = ["/var/www/html/cabecera.php": "<?php $titulo = 'Inicio'; ?>\n<h1><?= $titulo ?></h1>\n"]
        #expect(run("<?php include 'cabecera.php'; echo $titulo;", files: files) == "<h1>Inicio</h1>\nInicio")
        let missing = run("<?php include 'nada.php'; echo 'sigue';")
        #expect(
            missing
                == "<br />\n<b>Warning</b>:  include(nada.php): failed to open stream: No such file or directory in <b>/var/www/html/index.php</b> on line <b>1</b><br />\n<br />\n<b>Warning</b>:  include(): Failed opening 'nada.php' for inclusion (include_path='.:/usr/local/lib/php') in <b>/var/www/html/index.php</b> on line <b>1</b><br />\nsigue"
        )
    }

    @Test func parseErrorsUseEachVersionsTokenNames() {
        #expect(
            run("<?php\necho \"a\" \"b\";\n")
                == "<br />\n<b>Parse error</b>:  syntax error, unexpected '\"b\"' (T_CONSTANT_ENCAPSED_STRING), expecting ',' or ';' in <b>/var/www/html/index.php</b> on line <b>2</b><br />\n"
        )
        #expect(
            run("<?php\necho \"a\" \"b\";\n", version: "8.2.14")
                == "<br />\n<b>Parse error</b>:  syntax error, unexpected double-quoted string \"b\", expecting \",\" or \";\" in <b>/var/www/html/index.php</b> on line <b>2</b><br />\n"
        )
        #expect(run("<?php\nif ($a) {\necho 1;\n").contains("syntax error, unexpected end of file in"))
        #expect(run("<?php\n$x = 1\n$y = 2;\n").contains("syntax error, unexpected '$y' (T_VARIABLE) in"))
        // What the subset does not have is refused at its first token, before anything is printed.
        #expect(run("<?php echo 'a'; class A {}").contains("syntax error, unexpected 'class' (T_CLASS)"))
    }

    @Test func fatalErrorsArePHP5sOrPHP7sUncaughtErrors() {
        #expect(
            run("<?php echo 'a';\nnada();", version: "5.6.40")
                == "a<br />\n<b>Fatal error</b>:  Call to undefined function nada() in <b>/var/www/html/index.php</b> on line <b>2</b><br />\n"
        )
        #expect(
            run("<?php echo 'a';\nnada();")
                == "a<br />\n<b>Fatal error</b>:  Uncaught Error: Call to undefined function nada() in /var/www/html/index.php:2\nStack trace:\n#0 {main}\n  thrown in <b>/var/www/html/index.php</b> on line <b>2</b><br />\n"
        )
        #expect(run("<?php $c = new mysqli('db', 'u', 'p', 'd');").contains("Uncaught Error: Class 'mysqli' not found"))
        // dockersim's note speaks the session's language (one language a page).
        #expect(
            run("<?php phpinfo();")
                == "<br />\n<b>Fatal error</b>:  dockersim: the function phpinfo() is not simulated in <b>/var/www/html/index.php</b> on line <b>1</b><br />\n"
        )
        #expect(
            run("<?php phpinfo();", language: .es).contains("dockersim: la función phpinfo() no se simula in <b>"))
    }

    @Test func undefinedThingsAreSilentBeforePHP8AndWarningsFrom8() {
        #expect(run("<?php echo $nada, 'x';") == "x")
        #expect(
            run("<?php echo $nada, 'x';", version: "8.2.14")
                == "<br />\n<b>Warning</b>:  Undefined variable $nada in <b>/var/www/html/index.php</b> on line <b>1</b><br />\nx"
        )
        #expect(run("<?php foreach ($nada as $x) {} echo 'x';").contains("Invalid argument supplied for foreach()"))
    }

    @Test func anEndlessLoopMeetsPHPsTimeLimit() {
        let page = run("<?php\nwhile (true) {\n$i++;\n}", stepLimit: 1000)
        #expect(page.contains("<b>Fatal error</b>:  Maximum execution time of 30 seconds exceeded"))
    }

    @Test func looseComparisonChangedInPHP8() {
        #expect(
            run("<?php var_dump(0 == 'a', '1' == '01', '10' == '1e1', 100 == '1e2', null == false);")
                == "bool(true)\nbool(true)\nbool(true)\nbool(true)\nbool(true)\n")
        #expect(run("<?php var_dump(0 == 'a');", version: "8.1.27") == "bool(false)\n")
    }

    @Test func printRAndVarDumpOfArrays() {
        #expect(
            run("<?php print_r(['a' => 1, 'b' => [2]]); var_dump([1, 'x' => true]);")
                == "Array\n(\n    [a] => 1\n    [b] => Array\n        (\n            [0] => 2\n        )\n\n)\narray(2) {\n  [0]=>\n  int(1)\n  [\"x\"]=>\n  bool(true)\n}\n"
        )
    }
}

extension PHPTests {
    /// Token soup and deep nesting end in a page (an error or not), never in a crash or a hang.
    @Test func anyInputEndsInAPage() {
        let pieces = [
            "<?php ", "?>", "<?= ", "echo ", "$a", "$b[", "]", "[]", "->p", "(", ")", "{", "}", ";", ",", " . ", " + ",
            " / ", " % ", " ** ", "0", "1", "-9223372036854775807", "1e308", "0.1", "'s'", "\"x $a {$b[1]} \"",
            "list(", "array(", " = ", " .= ", "++", "--", "if", "else", "while(1)", "foreach", " as ", " => ",
            "function f($x){return f($x);}", "f(1)", "include 'index.php';", "str_repeat('a', 99999999)",
            "date('c', 99999999999999)", "sprintf('%999999s', 1)", "<<<E\nx\nE;\n", "/*", "//", "#", "\n",
            "new stdClass",
            "intdiv(-9223372036854775807 - 1, -1)", "-9223372036854775807 - 1 % -1", "1 << 70", "range(0, 9e18)",
            "?", ":", "??", "!", "@", "(int)", "print ", "exit", "break", "continue 3", "switch($a){case 1:}",
        ]
        var seed: UInt64 = 46
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        for _ in 0..<400 {
            var source = "<?php "
            for _ in 0..<(1 + next(30)) { source += pieces[next(pieces.count)] }
            _ = run(source, stepLimit: 20_000)
        }
        _ = run("<?php echo " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000) + ";")
        _ = run("<?php echo 1" + String(repeating: " . 1", count: 5000) + ";")
        _ = run("<?php echo \"" + String(repeating: "{$a[\"", count: 2000) + "\";")
        _ = run("<?php " + String(repeating: "{", count: 5000))
        _ = run("<?php $a" + String(repeating: "[1]", count: 5000) + " = 1;")
        #expect(run("<?php include 'index.php';").contains("Allowed memory size of 134217728 bytes exhausted"))
        #expect(
            run("<?php echo 1" + String(repeating: " . 1", count: 5000) + ";").contains("dockersim: nesting too deep"))
        #expect(
            run("<?php echo 1" + String(repeating: " . 1", count: 5000) + ";", language: .es).contains(
                "dockersim: anidamiento demasiado profundo"))
        #expect(
            run("<?php function f($n) { return f($n + 1); } f(0);", language: .es).contains(
                "dockersim: demasiadas llamadas anidadas"))
    }
}

extension PHPTests {
    @Test func varDumpWritesFloatsAsEachVersionDoes() {
        let source = "<?php var_dump(0.1, 0.1 + 0.2, 2.0, 1e25);"
        #expect(run(source) == "float(0.1)\nfloat(0.30000000000000004)\nfloat(2)\nfloat(1.0E+25)\n")
        #expect(run(source, version: "5.6.40") == "float(0.1)\nfloat(0.3)\nfloat(2)\nfloat(1.0E+25)\n")
    }
}
