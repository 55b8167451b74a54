import DockerSimCommands

/// Checks and values said in words, for students (`check`, "first do X"): the lesson's own
/// `says.es:` / `says.en:` text when it has one, else a sentence generated from the check.
extension Check {
    /// The task in words, as a sentence (capital letter, full stop).
    /// The lesson's own text is kept as written (with a full stop added when it has none).
    public func describe(_ language: Language) -> String {
        if !says.isEmpty { return Self.stop(says.text(language)) }
        return Self.sentence(condition.describe(language))
    }

    /// A capital letter first and a full stop at the end.
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        return stop(first.uppercased() + text.dropFirst())
    }

    static func stop(_ text: String) -> String {
        text.hasSuffix(".") || text.hasSuffix("?") || text.hasSuffix("!") || text.isEmpty ? text : text + "."
    }
}

extension Condition {
    /// The condition in words.
    public func describe(_ language: Language) -> String {
        func t(_ es: String, _ en: String) -> String { language == .es ? es : en }
        switch self {
        case .any(let list):
            return list.map { $0.describe(language) }.joined(separator: t(", o ", ", or "))
        case .not(.predicate(let name, let args)):
            switch name {
            case "image-present": return Self.predicate("image-absent", args, language)
            case "image-absent": return Self.predicate("image-present", args, language)
            case "container-exists": return Self.predicate("container-absent", args, language)
            case "container-absent": return Self.predicate("container-exists", args, language)
            case "volume-exists": return Self.predicate("volume-absent", args, language)
            case "volume-absent": return Self.predicate("volume-exists", args, language)
            case "network-exists": return Self.predicate("network-absent", args, language)
            case "network-absent": return Self.predicate("network-exists", args, language)
            default:
                return t("no: ", "not: ") + Self.predicate(name, args, language)
            }
        case .not(let inner):
            return t("no: ", "not: ") + inner.describe(language)
        case .predicate(let name, let args):
            return Self.predicate(name, args, language)
        case .compare(let a, let op, let b):
            let sized = a.isSize || b.isSize
            return a.describe(language, sized: sized) + " " + op.describe(language) + " "
                + b.describe(language, sized: sized)
        }
    }

    static func predicate(_ name: String, _ args: [String], _ language: Language) -> String {
        func t(_ es: String, _ en: String) -> String { language == .es ? es : en }
        let a = args.first ?? ""
        let b = args.count > 1 ? args[1] : ""
        switch name {
        case "image-present": return t("la imagen \(a) está en el equipo", "the image \(a) is there")
        case "image-absent": return t("la imagen \(a) ya no está", "the image \(a) is gone")
        case "share-layer":
            return t(
                "las imágenes \(a) y \(b) comparten al menos una capa",
                "the images \(a) and \(b) share at least one layer")
        case "network-exists": return t("existe la red \(a)", "the network \(a) exists")
        case "network-absent": return t("la red \(a) ya no existe", "the network \(a) no longer exists")
        case "volume-exists": return t("existe el volumen \(a)", "the volume \(a) exists")
        case "volume-absent": return t("el volumen \(a) ya no existe", "the volume \(a) no longer exists")
        case "container-on-network":
            return t(
                "el contenedor \(a) está conectado a la red \(b)", "the container \(a) is connected to the network \(b)"
            )
        case "container-env":
            if b.contains("=") {
                return t(
                    "el contenedor \(a) tiene la variable de entorno \(b)",
                    "the container \(a) has the environment variable \(b)")
            }
            return t(
                "el contenedor \(a) tiene definida la variable de entorno \(b)",
                "the container \(a) has the environment variable \(b) set")
        case "container-exists": return t("existe el contenedor \(a)", "the container \(a) exists")
        case "container-absent": return t("el contenedor \(a) ya no existe", "the container \(a) no longer exists")
        case "container-running": return t("el contenedor \(a) está en marcha", "the container \(a) is running")
        case "container-created":
            return t("el contenedor \(a) está creado y sin arrancar", "the container \(a) is created, not started")
        case "container-exited":
            if args.count == 2 {
                return t(
                    "el contenedor \(a) ha terminado con código \(b)", "the container \(a) has exited with code \(b)")
            }
            return t("el contenedor \(a) ha terminado (Exited)", "the container \(a) has exited")
        case "container-of":
            return t(
                "el contenedor \(a) está creado a partir de la imagen \(b)",
                "the container \(a) was created from the image \(b)")
        case "path-added":
            return t("en el contenedor \(a) se ha creado \(b)", "in the container \(a), \(b) was created")
        case "path-changed":
            return t("en el contenedor \(a) se ha modificado \(b)", "in the container \(a), \(b) was changed")
        case "path-deleted":
            return t("en el contenedor \(a) se ha borrado \(b)", "in the container \(a), \(b) was deleted")
        case "no-change":
            return t("en el contenedor \(a), \(b) no ha cambiado", "in the container \(a), \(b) is unchanged")
        case "volume-file": return t("el volumen \(a) guarda \(b)", "the volume \(a) holds \(b)")
        case "host-file": return t("en el anfitrión existe \(a)", "\(a) exists on the host")
        case "mounted":
            let kind = args.count > 2 ? args[2] : ""
            let es = ["volume": "un volumen", "bind": "un bind mount", "tmpfs": "un tmpfs"][kind] ?? "algo"
            let en = ["volume": "a volume", "bind": "a bind mount", "tmpfs": "a tmpfs"][kind] ?? "something"
            return t("el contenedor \(a) tiene \(es) montado en \(b)", "the container \(a) has \(en) mounted at \(b)")
        case "web-shows":
            return t(
                "la página de http://localhost:\(a) muestra «\(b)»", "the page at http://localhost:\(a) shows “\(b)”")
        default: return ([name] + args).joined(separator: " ")
        }
    }
}

extension Comparison {
    func describe(_ language: Language) -> String {
        switch (self, language) {
        case (.equal, .es): "es"
        case (.equal, .en): "is"
        case (.notEqual, .es): "no es"
        case (.notEqual, .en): "is not"
        case (.less, .es): "es menor que"
        case (.less, .en): "is less than"
        case (.lessOrEqual, .es): "es como mucho"
        case (.lessOrEqual, .en): "is at most"
        case (.greater, .es): "es mayor que"
        case (.greater, .en): "is more than"
        case (.greaterOrEqual, .es): "es al menos"
        case (.greaterOrEqual, .en): "is at least"
        }
    }
}

extension Expression {
    /// Whether the value is a size in bytes (its literals are then written as sizes).
    var isSize: Bool {
        switch self {
        case .literal: false
        case .value(let name, _): StateValues.sizes.contains(name)
        case .sum(let a, let b), .difference(let a, let b): a.isSize || b.isSize
        }
    }

    /// The value in words: `container.size(c1)` is "the writable layer of c1".
    func describe(_ language: Language, sized: Bool) -> String {
        func t(_ es: String, _ en: String) -> String { language == .es ? es : en }
        switch self {
        case .literal(let number):
            if sized, number >= 0, number < 1e18 { return Units.humanSize(Int64(number.rounded())) }
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .sum(let a, let b):
            return a.describe(language, sized: sized) + " + " + b.describe(language, sized: sized)
        case .difference(let a, let b):
            return a.describe(language, sized: sized) + " - " + b.describe(language, sized: sized)
        case .value(let name, let args):
            let a = args.first ?? ""
            let b = args.count > 1 ? args[1] : ""
            switch name {
            case "disk.images", "df.images.size":
                return t("el espacio de las imágenes en el disco", "the disk space of the images")
            case "image.size": return t("el tamaño de la imagen \(a)", "the size of the image \(a)")
            case "image.shared": return t("lo que comparte la imagen \(a)", "what the image \(a) shares")
            case "image.unique": return t("lo que solo tiene la imagen \(a)", "what only the image \(a) holds")
            case "image.layers": return t("las capas de la imagen \(a)", "the layers of the image \(a)")
            case "image.containers":
                return t("los contenedores creados de \(a)", "the containers created from \(a)")
            case "shared": return t("lo que comparten \(a) y \(b)", "what \(a) and \(b) share")
            case "container.size":
                return t("la capa de escritura de \(a)", "the writable layer of \(a)")
            case "container.virtual": return t("el tamaño virtual de \(a)", "the virtual size of \(a)")
            case "container.exitcode": return t("el código de salida de \(a)", "the exit code of \(a)")
            case "container.changes": return t("los cambios de \(a) (diff)", "the changes of \(a) (diff)")
            case "container.networks":
                return t("las redes a las que está conectado \(a)", "the networks \(a) is connected to")
            case "container.logs": return t("las líneas de docker logs \(a)", "the lines of docker logs \(a)")
            case "networks.count": return t("el número de redes", "the number of networks")
            case "images.count": return t("el número de imágenes", "the number of images")
            case "images.dangling": return t("las imágenes colgantes", "the dangling images")
            case "layers.count": return t("el número de capas", "the number of layers")
            case "containers.count": return t("el número de contenedores", "the number of containers")
            case "containers.running": return t("los contenedores en marcha", "the running containers")
            case "volumes.count": return t("el número de volúmenes", "the number of volumes")
            case "volume.size": return t("el tamaño del volumen \(a)", "the size of the volume \(a)")
            case "volume.links":
                return t("los contenedores que usan el volumen \(a)", "the containers that use the volume \(a)")
            default:
                let figure = name.hasPrefix("df.") ? String(name.dropFirst(3)) : name
                return t("la cifra \(figure) de system df", "the system df figure \(figure)")
            }
        }
    }
}
