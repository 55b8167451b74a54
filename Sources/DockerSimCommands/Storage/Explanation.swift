import DockerSimCore

/// dockersim's `explain`: what a line did to storage, in the session's language, computed from
/// the engine's event record of that line (``StorageEvent``), never from the command line.
/// Sizes are layer sizes as `docker history` prints them (3 significant digits).
enum Explanation {
    /// The sentences for `log` (one per line of text), or none when nothing happened to storage.
    static func sentences(_ log: StorageEventLog, language: Language) -> [String] {
        var lines: [String] = []
        var deleted: [LayerFact] = []
        func flushDeleted() {
            guard !deleted.isEmpty else { return }
            let list = deleted.map(describe).joined(separator: ", ")
            let total = size(deleted.reduce(0) { $0 + $1.size })
            lines.append(
                Message(
                    en:
                        "\(count(deleted.count, "layer", "layers")) deleted, held by no other image or container: \(list). Disk space freed: \(total).",
                    es:
                        "\(count(deleted.count, "capa borrada", "capas borradas")), ninguna otra imagen ni contenedor \(deleted.count == 1 ? "la" : "las") usaba: \(list). Espacio liberado: \(total)."
                ).text(language))
            deleted = []
        }
        var untagged: [String] = []
        func flushUntagged() {
            guard !untagged.isEmpty else { return }
            let list = untagged.joined(separator: ", ")
            lines.append(Message(en: "Untagged \(list).", es: "Referencias quitadas: \(list).").text(language))
            untagged = []
        }
        for event in log.events {
            switch event {
            case .layerDeleted(let fact):
                deleted.append(fact)
            case .untagged(let reference, false):
                untagged.append(reference)
            default:
                flushDeleted()
                flushUntagged()
                lines.append(sentence(event).text(language))
            }
        }
        flushDeleted()
        flushUntagged()
        if log.dropped > 0 {
            lines.append(
                Message(
                    en: "(and \(log.dropped) more changes to storage)",
                    es: "(y \(log.dropped) cambios más en el almacenamiento)"
                ).text(language))
        }
        return lines
    }

    /// What `explain` prints for a line: its sentences, or that it changed nothing.
    static func text(line: String, log: StorageEventLog?, language: Language) -> String {
        guard let log else {
            return Message(
                en: "explain: no command to explain yet (type a docker command, then explain)",
                es: "explain: aún no hay ninguna orden que explicar (escribe una orden de docker y luego explain)"
            ).text(language) + "\n"
        }
        let sentences = sentences(log, language: language)
        guard !sentences.isEmpty else {
            return Message(
                en: "explain: `\(line)` changed nothing in storage (no layer, image or writable layer).",
                es: "explain: `\(line)` no cambió nada del almacenamiento (ninguna capa, imagen ni capa de escritura)."
            ).text(language) + "\n"
        }
        return aside(sentences)
    }

    /// The sentences as dockersim prints them after docker's output: each line marked, so that
    /// they stand apart from docker's text (they go to stderr, dimmed on a terminal).
    static func aside(_ sentences: [String]) -> String {
        sentences.map { "  ⓘ " + $0 + "\n" }.joined()
    }

    // MARK: - One event

    private static func sentence(_ event: StorageEvent) -> Message {
        switch event {
        case .pulled(let image, let downloaded, let existing, let heldBy):
            return pulled(image, downloaded: downloaded, existing: existing, heldBy: heldBy)
        case .containerCreated(let container, let image, let layers, let imageSize):
            return Message(
                en:
                    "\(container): a new, empty writable layer on top of \(image)'s \(count(layers, "read-only layer", "read-only layers")) (\(size(imageSize)), shared, not copied).",
                es:
                    "\(container): una capa de escritura nueva y vacía sobre \(count(layers, "capa", "capas")) de solo lectura de \(image) (\(size(imageSize)), compartidas, no copiadas)."
            )
        case .containerRemoved(let container, let bytes):
            return Message(
                en: "\(container) removed with its writable layer (\(size(bytes))); the image's layers stay.",
                es: "\(container) borrado con su capa de escritura (\(size(bytes))); las capas de la imagen se quedan."
            )
        case .wrote(let fact):
            return wrote(fact)
        case .writableLayerChanged(let container, let before, let after):
            return Message(
                en: "\(container)'s writable layer changed: \(size(before)) → \(size(after)).",
                es: "La capa de escritura de \(container) cambió: \(size(before)) → \(size(after))."
            )
        case .untagged(let reference, let imageStays):
            guard imageStays else { return Message(en: "Untagged \(reference).", es: "Etiqueta \(reference) quitada.") }
            return Message(
                en: "Untagged \(reference): the image stays, other references still name it; nothing deleted.",
                es: "Etiqueta \(reference) quitada: la imagen se queda, otras referencias la nombran; no se borró nada."
            )
        case .imageDeleted(let id):
            return Message(en: "Image \(id.short) deleted.", es: "Imagen \(id.short) borrada.")
        case .layerDeleted(let fact):  // grouped by sentences(_:language:); kept for completeness
            return Message(en: "Layer \(describe(fact)) deleted.", es: "Capa \(describe(fact)) borrada.")
        case .layerKept(let fact, let below, let images):
            let holder =
                images > 0
                ? Message(
                    en: "\(count(images, "other image uses", "other images use")) them",
                    es: images == 1 ? "otra imagen las usa" : "otras \(images) imágenes las usan")
                : Message(en: "a container still stands on them", es: "un contenedor aún se apoya en ellas")
            let which: Message
            switch below {
            case 1: which = Message(en: "Layer \(describe(fact)) stays", es: "La capa \(describe(fact)) se queda")
            case 2:
                which = Message(
                    en: "Layer \(describe(fact)) and the layer below it stay",
                    es: "La capa \(describe(fact)) y la de debajo se quedan")
            default:
                which = Message(
                    en: "Layer \(describe(fact)) and the \(below - 1) layers below it stay",
                    es: "La capa \(describe(fact)) y las \(below - 1) de debajo se quedan")
            }
            return Message(
                en: which.en + ": " + holder.en + ".", es: which.es + ": " + holder.es + ".")
        case .removalRefused(let reference, let id, let containers, let running, let children):
            return refused(reference, id: id, containers: containers, running: running, children: children)
        }
    }

    private static func pulled(
        _ image: String, downloaded: [LayerFact], existing: [LayerFact], heldBy: Int
    ) -> Message {
        if downloaded.isEmpty && existing.isEmpty {
            return Message(
                en: "\(image) was already here: nothing was downloaded, no space used.",
                es: "\(image) ya estaba aquí: no se descargó nada ni se usó espacio.")
        }
        let got = size(downloaded.reduce(0) { $0 + $1.size })
        let whole = size((downloaded + existing).reduce(0) { $0 + $1.size })
        let downloadedList = downloaded.map(describe).joined(separator: ", ")
        guard !existing.isEmpty else {
            return Message(
                en:
                    "\(image): \(count(downloaded.count, "layer", "layers")) downloaded, none was here before: \(downloadedList). Disk use grew by \(got).",
                es:
                    "\(image): \(count(downloaded.count, "capa descargada", "capas descargadas")), ninguna estaba aquí: \(downloadedList). El disco usado creció \(got)."
            )
        }
        let existingList = existing.map(describe).joined(separator: ", ")
        let holders =
            heldBy > 0
            ? Message(
                en:
                    "\(count(heldBy, "image", "images")) here already \(heldBy == 1 ? "has" : "have") them (same content on the same layers below), and images share layers",
                es:
                    "\(count(heldBy, "imagen de aquí ya las tiene", "imágenes de aquí ya las tienen")) (mismo contenido sobre las mismas capas de debajo), y las imágenes comparten capas"
            )
            : Message(
                en: "a container here still stands on them, and images and containers share layers",
                es: "un contenedor de aquí aún se apoya en ellas, y imágenes y contenedores comparten capas")
        return Message(
            en:
                "\(image): \(count(existing.count, "layer", "layers")) already existed and \(existing.count == 1 ? "was" : "were") not downloaded again: \(existingList); \(holders.en). \(count(downloaded.count, "layer", "layers")) downloaded: \(downloadedList.isEmpty ? "none" : downloadedList). Disk use grew by \(got), not by the image's \(whole).",
            es:
                "\(image): \(count(existing.count, "capa ya existía", "capas ya existían")) y no se \(existing.count == 1 ? "descargó" : "descargaron") otra vez: \(existingList); \(holders.es). \(count(downloaded.count, "capa descargada", "capas descargadas")): \(downloadedList.isEmpty ? "ninguna" : downloadedList). El disco usado creció \(got), no los \(whole) de la imagen."
        )
    }

    private static func wrote(_ fact: WriteFact) -> Message {
        let change = "\(size(fact.before)) → \(size(fact.after))"
        let times =
            fact.times > 1
            ? Message(en: " (\(fact.times) writes)", es: " (\(fact.times) escrituras)") : Message(en: "", es: "")
        let body: Message
        switch fact.target {
        case .newFile:
            body = Message(
                en:
                    "\(fact.path): a new file in \(fact.container)'s writable layer; the image's layers are read-only and stay as they were. Writable layer: \(change).",
                es:
                    "\(fact.path): un fichero nuevo en la capa de escritura de \(fact.container); las capas de la imagen son de solo lectura y no cambian. Capa de escritura: \(change)."
            )
        case .copiedUp(let layer):
            let from =
                layer.map { Message(en: "the image's layer \($0.short)", es: "la capa \($0.short) de la imagen") }
                ?? Message(en: "the container's init layer", es: "la capa init del contenedor")
            body = Message(
                en:
                    "\(fact.path) was in \(from.en): overlay2 copied it up into \(fact.container)'s writable layer before changing it (copy-up); the read-only layer stays as it was. Writable layer: \(change).",
                es:
                    "\(fact.path) estaba en \(from.es): overlay2 lo copió a la capa de escritura de \(fact.container) antes de cambiarlo (copy-up); la capa de solo lectura no cambia. Capa de escritura: \(change)."
            )
        case .writableLayer:
            body = Message(
                en:
                    "\(fact.path) was already in \(fact.container)'s writable layer and changed there. Writable layer: \(change).",
                es:
                    "\(fact.path) ya estaba en la capa de escritura de \(fact.container) y cambió allí. Capa de escritura: \(change)."
            )
        case .mount(let at, let origin):
            let place: Message
            switch origin {
            case .volume(let name):
                place = Message(en: "volume \(name) mounted at \(at)", es: "el volumen \(name) montado en \(at)")
            case .host(let path):
                let folder = FilePath.string(path)
                place = Message(
                    en: "the host folder \(folder) bind-mounted at \(at)",
                    es: "la carpeta \(folder) del host montada en \(at)")
            case .tmpfs:
                place = Message(en: "the tmpfs at \(at) (memory)", es: "el tmpfs de \(at) (memoria)")
            case .daemon:
                place = Message(
                    en: "the file docker keeps for the container", es: "el fichero que docker guarda para el contenedor"
                )
            }
            body = Message(
                en:
                    "\(fact.path) was written to \(place.en), not to \(fact.container)'s writable layer (still \(size(fact.after))).",
                es:
                    "\(fact.path) se escribió en \(place.es), no en la capa de escritura de \(fact.container) (sigue en \(size(fact.after)))."
            )
        }
        return Message(en: body.en + times.en, es: body.es + times.es)
    }

    private static func refused(
        _ reference: String, id: Digest, containers: [String], running: Bool, children: Int
    ) -> Message {
        guard let first = containers.first else {
            return Message(
                en:
                    "rmi \(reference) refused: \(count(children, "image is", "images are")) built on image \(id.short); nothing was untagged or deleted.",
                es:
                    "rmi \(reference) rechazado: \(count(children, "imagen está construida", "imágenes están construidas")) sobre la imagen \(id.short); no se quitó ni borró nada."
            )
        }
        let names = containers.joined(separator: ", ")
        let state = running ? Message(en: "running", es: "en marcha") : Message(en: "stopped", es: "parado")
        let plural = containers.count > 1
        return Message(
            en:
                "rmi \(reference) refused: \(plural ? "containers" : "container") \(names) (\(state.en)) \(plural ? "were" : "was") created from image \(id.short) and \(plural ? "stand" : "stands") on its layers, so nothing was untagged or deleted. Remove \(plural ? "them" : "it") first (docker rm \(first)), or force with -f.",
            es:
                "rmi \(reference) rechazado: \(plural ? "los contenedores" : "el contenedor") \(names) (\(state.es)) \(plural ? "se crearon" : "se creó") de la imagen \(id.short) y \(plural ? "se apoyan" : "se apoya") en sus capas, así que no se quitó ni borró nada. Bórralo antes (docker rm \(first)) o fuerza con -f."
        )
    }

    // MARK: - Words

    private static func size(_ bytes: Int64) -> String { Units.humanSize(bytes, precision: 3) }

    private static func describe(_ layer: LayerFact) -> String { "\(layer.diffID.short) (\(size(layer.size)))" }

    /// `1 layer`, `2 layers` (the words in the sentence's language).
    private static func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
}
