import DockerSimCommands
import DockerSimCore

/// The texts of dockersim's own command line (`dockersim --help`, each sub-command's help, its
/// option errors) in the language the user asked for: `--lang es|en` anywhere on the command line,
/// else `LC_ALL`, `LC_MESSAGES`, `LANG` (``Language/from(flag:environment:)``), the same rule as
/// the simulator's. Each paragraph is one line: ArgumentParser wraps it to the terminal.
enum CLIText {
    /// The language of this run's help and errors.
    static let language: Language = {
        Language.from(
            flag: langFlag(in: Array(CommandLine.arguments.dropFirst())),
            environment: Environment.values(["LANG", "LC_ALL", "LC_MESSAGES"]))
    }()

    /// The value of the last `--lang X` or `--lang=X` in `arguments` (nil when none).
    static func langFlag(in arguments: [String]) -> String? {
        var found: String?
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" { break }
            if argument == "--lang", index + 1 < arguments.endIndex {
                found = arguments[index + 1]
                index += 1
            } else if argument.hasPrefix("--lang=") {
                found = String(argument.dropFirst("--lang=".count))
            }
            index += 1
        }
        return found
    }

    /// `message` in this run's language.
    static func text(_ message: Message) -> String { message.text(language) }

    /// `en` or `es`, in this run's language.
    static func text(en: String, es: String) -> String { Message(en: en, es: es).text(language) }

    // MARK: - dockersim

    static let abstract = Message(
        en: "A Docker teaching simulator: images, layers and copy-on-write containers, in memory.",
        es: "Un simulador de Docker para aprender: imágenes, capas y contenedores con copia en escritura, en memoria.")

    static let discussion = Message(
        en: """
            Type docker commands, with or without the word `docker` (pull ubuntu, docker images, run -it \
            ubuntu). `help` lists what dockersim understands; `docker COMMAND --help` prints docker's own help.

            On a terminal: Tab completion (commands, flags, images, Hub tags, containers, paths in a \
            container), history kept across runs (Up/Down, Ctrl-R) in $DOCKERSIM_HISTORY or \
            $XDG_STATE_HOME/dockersim/history (~/.local/state/dockersim/history); Ctrl-C cancels a line, \
            Ctrl-D leaves, Ctrl-P Ctrl-Q detaches from a `run -it` container. Colour unless NO_COLOR is set \
            or --no-color is given.

            With stdin or stdout not a terminal, dockersim reads commands line by line (scripted mode). \
            The simulator's options (--clock, --seed, --echo, --no-color, --lang…): dockersim start --help. \
            In Spanish: LANG=es_ES.UTF-8 or --lang es.
            """,
        es: """
            Escribe órdenes docker, con o sin la palabra `docker` (pull ubuntu, docker images, run -it \
            ubuntu). `help` muestra lo que dockersim entiende; `docker ORDEN --help` muestra la ayuda de docker.

            En un terminal: Tab completa (órdenes, opciones, imágenes, etiquetas del Hub, contenedores, \
            rutas dentro de un contenedor), el historial se guarda entre sesiones (Arriba/Abajo, Ctrl-R) en \
            $DOCKERSIM_HISTORY o $XDG_STATE_HOME/dockersim/history (~/.local/state/dockersim/history); \
            Ctrl-C cancela la línea, Ctrl-D sale, Ctrl-P Ctrl-Q se separa de un contenedor de `run -it`. \
            Con colores salvo si NO_COLOR está definida o se da --no-color.

            Si la entrada o la salida no es un terminal, dockersim lee las órdenes línea a línea (modo \
            guion). Las opciones del simulador (--clock, --seed, --echo, --no-color, --lang…): dockersim \
            start --help. In English: LANG=en_US.UTF-8 or --lang en.
            """)

    // MARK: - start

    static let startAbstract = Message(
        en: "Start the simulator (the default): a REPL on a terminal, scripted mode otherwise.",
        es: "Empieza el simulador (lo que se hace sin sub-orden): interactivo en un terminal, modo guion si no.")
    static let clock = Message(
        en: "Start the simulated clock at this RFC 3339 time; it then moves only with `sleep N`.",
        es: "Pone el reloj simulado en esta hora RFC 3339; luego solo avanza con `sleep N`.")
    static let seed = Message(
        en: "Seed container IDs and names, so that runs repeat exactly.",
        es: "Semilla de los IDs y nombres de contenedores, para que cada ejecución se repita igual.")
    static let echo = Message(
        en: "In scripted mode, print each prompt and line as a terminal shows them.",
        es: "En modo guion, muestra cada prompt y cada línea como los muestra un terminal.")
    static let record = Message(
        en: "Record the session as a transcript in this file (written when dockersim ends).",
        es: "Graba la sesión como transcripción en este fichero (se escribe al salir de dockersim).")
    static let noColor = Message(
        en: "No colour on the terminal (also when NO_COLOR is set).",
        es: "Sin colores en el terminal (también si NO_COLOR está definida).")
    static let lang = Message(
        en: "The language dockersim speaks (help, lessons, its own messages): es or en (default: after LANG).",
        es:
            "El idioma en que habla dockersim (ayuda, lecciones, sus propios mensajes): es o en (por defecto, según LANG)."
    )
    static let contextFrom = Message(
        en:
            "Copy this real folder (read only) into the simulated host, as /home/usuario/<its name>, to build it with docker build.",
        es:
            "Copia esta carpeta real (solo se lee) en el host simulado, como /home/usuario/<su nombre>, para construirla con docker build."
    )
    static let student = Message(
        en: "The student's name in lesson submissions (else asked once and kept).",
        es: "El nombre del alumno en las entregas de las lecciones (si no, se pregunta una vez y se guarda).")
    static let lessons = Message(
        en: "A folder of lessons added to dockersim's own (a lesson with the same id replaces dockersim's).",
        es:
            "Una carpeta de lecciones que se añaden a las de dockersim (una con el mismo id sustituye a la de dockersim)."
    )
    static let hub = Message(
        en: "A folder of images (Hub/README.md) added to the simulated Docker Hub; checked first.",
        es: "Una carpeta de imágenes (Hub/README.md) que se añade al Docker Hub simulado; se mira primero.")

    // MARK: - replay

    static let replayAbstract = Message(
        en: "Replay transcripts (files or folders of .md) in a fresh simulator each and compare every output.",
        es:
            "Repite transcripciones (ficheros o carpetas de .md), cada una en un simulador nuevo, y compara cada salida."
    )
    static let replayPaths = Message(en: "Transcript files or folders.", es: "Ficheros o carpetas de transcripciones.")
    static let bless = Message(
        en:
            "Rewrite the expected output of failing blocks with what dockersim prints, keeping placeholders that still match.",
        es:
            "Reescribe la salida esperada de los bloques que fallan con lo que imprime dockersim, conservando los comodines que aún encajan."
    )
    static let replayNoColor = Message(en: "Never colour the diff.", es: "Sin colores en las diferencias.")

    // MARK: - lesson

    static let lessonAbstract = Message(
        en: "Start, list, lint and verify lessons (Lessons/README.md).",
        es: "Empezar, listar, revisar y verificar lecciones (Lessons/README.md).")
    static let lessonStartAbstract = Message(
        en: "Start the simulator in a lesson.", es: "Empieza el simulador en una lección.")
    static let lessonID = Message(
        en: "The lesson id (dockersim lesson list).", es: "El id de la lección (dockersim lesson list).")
    static let lessonListAbstract = Message(
        en: "The lessons: id, title and your progress.", es: "Las lecciones: id, título y tu avance.")
    static let lessonLintAbstract = Message(
        en: "Parse and check lesson files, replaying their solutions; errors as file:line:col: message.",
        es: "Lee y revisa ficheros de lección repitiendo sus soluciones; errores como fichero:línea:col: mensaje.")
    static let lessonLintFiles = Message(
        en: "Lesson files or folders (default: the files of --lessons DIR, else dockersim's own lessons).",
        es: "Ficheros o carpetas de lecciones (por defecto: los de --lessons DIR, o si no las lecciones de dockersim).")
    static let lessonVerifyAbstract = Message(
        en:
            "Replay each lesson's reference solution in a fresh simulator: every check passes, every wrong attempt fails.",
        es:
            "Repite la solución de cada lección en un simulador nuevo: toda comprobación pasa, todo intento erróneo falla."
    )
    static let lessonIDs = Message(en: "Lesson ids (default: all).", es: "Ids de lecciones (por defecto: todas).")
    static let langMessages = Message(
        en: "The language of the messages: es or en (default: after LANG).",
        es: "El idioma de los mensajes: es o en (por defecto, según LANG).")

    // MARK: - grade

    static let gradeAbstract = Message(
        en: "Grade students' submissions by replaying them.", es: "Corrige las entregas de los alumnos repitiéndolas.")
    static let gradeDiscussion = Message(
        en: """
            Each submission is replayed in a fresh simulator: the outputs written in it are never read, every \
            task and question is evaluated on the replayed state, and hints, wrong tries and solutions count \
            as the lesson's scoring rules say (Lessons/README.md). The lesson is the one the submission \
            names, unless --lesson is given.

            A file that cannot be graded scores 0 with the reason, and the others are still graded; the exit \
            status is 1 when any could not be graded. The same student in two files, and the same work under \
            two names, are flagged.

            With submissions of several lessons (a whole class through the course), a class table follows: a \
            row per student, a score per lesson, the lessons handed in and the average (a lesson not handed \
            in counts 0); --csv-class writes it as CSV.
            """,
        es: """
            Cada entrega se repite en un simulador nuevo: las salidas escritas en ella no se leen, cada tarea \
            y pregunta se evalúa sobre el estado repetido, y las pistas, los intentos fallidos y las \
            soluciones cuentan como dicen las reglas de puntuación de la lección (Lessons/README.md). La \
            lección es la que nombra la entrega, salvo con --lesson.

            Una entrega que no se puede corregir saca 0 y se dice por qué; las demás se corrigen igual; el \
            código de salida es 1 si alguna no se pudo corregir. Se señalan el mismo alumno en dos ficheros \
            y el mismo trabajo con dos nombres.

            Con entregas de varias lecciones (una clase a lo largo del curso), al final sale la tabla de la \
            clase: una fila por alumno, la nota de cada lección, las lecciones entregadas y la media (una \
            lección no entregada cuenta 0); --csv-class la escribe en CSV.
            """)
    static let gradeLesson = Message(
        en: "The lesson id (default: the one each submission names).",
        es: "El id de la lección (por defecto: la que nombra cada entrega).")
    static let gradeCSV = Message(
        en: "Also write one row per student as CSV to this file.",
        es: "Escribe además una fila por alumno, en CSV, en este fichero.")
    static let gradeCSVSteps = Message(
        en: "Also write one row per student and step as CSV to this file.",
        es: "Escribe además una fila por alumno y paso, en CSV, en este fichero.")
    static let gradeCSVClass = Message(
        en: "Also write the class summary (one row per student, a score per lesson, the average) as CSV.",
        es: "Escribe además el resumen de la clase (una fila por alumno, la nota de cada lección, la media) en CSV.")
    static let gradeJSON = Message(
        en: "Also write the results as JSON to this file.", es: "Escribe además los resultados en JSON en este fichero."
    )
    static let gradeLang = Message(
        en: "The language of the headers and notes: es or en (default: after LANG).",
        es: "El idioma de las cabeceras y las notas: es o en (por defecto, según LANG).")
    static let gradeFiles = Message(en: "Submission files.", es: "Ficheros de entrega.")

    // MARK: - hub

    static let hubAbstract = Message(
        en: "Check a simulated Hub catalog (Hub/README.md).",
        es: "Revisa un catálogo del Docker Hub simulado (Hub/README.md).")
    static let hubLintAbstract = Message(
        en: "Check a catalog folder as --hub loads it (default: the built-in one); errors as file:line: message.",
        es:
            "Revisa una carpeta de catálogo como la carga --hub (por defecto, la incorporada); errores como fichero:línea: mensaje."
    )
    static let hubFolder = Message(
        en: "A catalog folder (NAMESPACE/NAME.image and layers/…/NAME.layer files).",
        es: "Una carpeta de catálogo (ficheros NAMESPACE/NAME.image y layers/…/NAME.layer).")
    static let hubFix = Message(
        en: "Write the size and diffid each layer's file list gives into its header.",
        es: "Escribe en la cabecera de cada capa el tamaño y el diffid que da su lista de ficheros.")

    // MARK: - Errors

    /// `--lang` with a value other than es or en.
    static func badLang(_ value: String) -> String {
        text(en: "--lang wants es or en, got '\(value)'", es: "--lang admite es o en, no '\(value)'")
    }

    /// `--context-from FOLDER` copied into the simulated host.
    static func folderCopied(_ folder: String, to target: String) -> String {
        text(
            en: "dockersim: folder \(folder) copied to \(target)",
            es: "dockersim: carpeta \(folder) copiada en \(target)")
    }

    /// `--record FILE` that cannot be written (refused or failed), at the start or the end.
    static func transcriptNotWritten(_ error: SafeFile.WriteError) -> String {
        text(en: "dockersim: could not write the transcript: ", es: "dockersim: no se pudo escribir la transcripción: ")
            + error.text(language)
    }

    /// `hub lint --fix` could not write a file back.
    static func fixNotWritten(_ error: SafeFile.WriteError) -> String {
        text(en: "dockersim: could not write ", es: "dockersim: no se pudo escribir ") + error.text(language)
    }

    /// A lesson id the catalog does not have.
    static func noLesson(_ id: String) -> String {
        text(
            en: "no lesson '\(id)' (dockersim lesson list)", es: "no existe la lección '\(id)' (dockersim lesson list)")
    }
}
