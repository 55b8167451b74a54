import DockerSimCore

/// dockersim's own words in `layers` (and its SVG), in Spanish and English. What docker itself
/// names (`SizeRw`, `SHARED SIZE`, a container's state, `docker system df`) stays docker's.
struct StorageTexts {
    var language: Language

    /// The sentence in the session's language (the one catalog: ``Message``).
    private func say(_ english: String, _ spanish: String) -> String {
        Message(en: english, es: spanish).text(language)
    }

    // MARK: - The picture

    /// `image d0d75af6b8ec` above an image's layers.
    func imageID(_ id: Digest) -> String { say("image ", "imagen ") + id.short }

    /// `(deleted)`: the image is gone, a container still stands on its layers.
    var deletedImage: String { say("(image deleted)", "(imagen borrada)") }

    /// The first word of a layer line in the tree form.
    var layerWord: String { say("layer", "capa") }

    /// The first word of an image line in the tree form.
    var imageWord: String { say("image", "imagen") }

    /// The words before a container's name in the tree form.
    var containerWord: String { say("container", "contenedor") }

    /// The legend under the picture (the box shapes, and what the numbers are).
    var legend: [String] {
        [
            say(
                "┌─┐ image layer, read-only: short diffID, size (as docker history), the step that made it; it spans the images that share it",
                "┌─┐ capa de imagen, de solo lectura: diffID corto, tamaño (como docker history), el paso que la creó; abarca las imágenes que la comparten"
            ),
            say(
                "╭╌╮ a container's writable layer: its size (SizeRw, docker ps -s) and its mounts (volumes and bind mounts never count in it)",
                "╭╌╮ capa de escritura de un contenedor: su tamaño (SizeRw, docker ps -s) y sus montajes (los volúmenes y bind mounts nunca cuentan en ella)"
            ),
            say(
                "SIZE = SHARED + UNIQUE under each image: its SIZE, SHARED SIZE and UNIQUE SIZE in docker system df -v",
                "SIZE = SHARED + UNIQUE bajo cada imagen: su SIZE, SHARED SIZE y UNIQUE SIZE en docker system df -v"
            ),
        ]
    }

    /// The SVG's legend: a swatch of each kind of box (nil: no swatch) and what it means.
    var svgLegend: [(style: PictureStyle?, text: String)] {
        [
            (
                .sharedLayer,
                say(
                    "a layer more than one image holds: shared, it is stored once and counts in each one's SHARED SIZE",
                    "una capa que tienen varias imágenes: compartida, se guarda una vez y cuenta en el SHARED SIZE de cada una"
                )
            ),
            (
                .uniqueLayer,
                say(
                    "a layer only one image holds: it counts in that image's UNIQUE SIZE",
                    "una capa que solo tiene una imagen: cuenta en el UNIQUE SIZE de esa imagen")
            ),
            (
                .writable,
                say(
                    "a container's writable layer: its size (SizeRw, docker ps -s) and its mounts (volumes and bind mounts never count in it)",
                    "la capa de escritura de un contenedor: su tamaño (SizeRw, docker ps -s) y sus montajes (los volúmenes y bind mounts nunca cuentan en ella)"
                )
            ),
            (
                nil,
                say(
                    "In each layer: its short diffID, its size (as docker history) and the step that made it.",
                    "En cada capa: su diffID corto, su tamaño (como docker history) y el paso que la creó.")
            ),
            (
                nil,
                say(
                    "SIZE = SHARED + UNIQUE under each image: its SIZE, SHARED SIZE and UNIQUE SIZE in docker system df -v",
                    "SIZE = SHARED + UNIQUE bajo cada imagen: su SIZE, SHARED SIZE y UNIQUE SIZE en docker system df -v"
                )
            ),
        ]
    }

    /// The title of the totals under the picture.
    var totalsTitle: String { say("Totals (docker system df):", "Totales (docker system df):") }

    /// Volumes no drawn container mounts.
    func idleVolumes(_ list: String) -> String {
        say("Volumes no container uses: ", "Volúmenes que no usa ningún contenedor: ") + list
    }

    /// Nothing stored at all.
    var empty: String {
        say(
            "No images, containers or volumes yet: pull an image (pull ubuntu) and look again.",
            "Todavía no hay imágenes, contenedores ni volúmenes: descarga una imagen (pull ubuntu) y vuelve a mirar.")
    }

    /// The tree form's first line.
    var treeTitle: String {
        say(
            "Layers from the base up; each image under its top layer, each container under its image:",
            "Capas desde la base; cada imagen bajo su última capa, cada contenedor bajo su imagen:")
    }

    /// The stack is wider than the terminal: the tree instead, and how to see the stack.
    func tooWide(_ width: Int, columns: Int) -> String {
        say(
            "The stacked picture is \(width) columns wide and the terminal has \(columns): here it is as a tree. `layers IMAGE…` draws part of it; `layers --svg FILE` draws all of it.",
            "El dibujo en pila ocupa \(width) columnas y el terminal tiene \(columns): aquí va como árbol. `layers IMAGEN…` dibuja una parte; `layers --svg FICHERO` lo dibuja entero."
        )
    }

    /// The state is too large to draw on a terminal.
    func tooLarge(images: Int, layers: Int, containers: Int, lines: Int) -> String {
        say(
            "dockersim: layers: the storage is too large to draw on a terminal (\(images) images, \(layers) layers, \(containers) containers: about \(lines) lines, at most \(LayersText.maxLines)); `layers IMAGE|CONTAINER…` draws part of it, `layers --svg FILE` draws all of it, `system df` sums it up",
            "dockersim: layers: el almacenamiento es demasiado grande para dibujarlo en el terminal (\(images) imágenes, \(layers) capas, \(containers) contenedores: unas \(lines) líneas, como mucho \(LayersText.maxLines)); `layers IMAGEN|CONTENEDOR…` dibuja una parte, `layers --svg FICHERO` lo dibuja entero, `system df` lo resume"
        )
    }

    /// A part of the storage was asked for.
    var partial: String {
        say(
            "(Only the images and containers named; `layers` alone draws everything.)",
            "(Solo las imágenes y contenedores nombrados; `layers` a secas lo dibuja todo.)")
    }

    // MARK: - The command

    /// `layers --help`.
    var usage: String {
        say(
            """
            Usage: layers [IMAGE|CONTAINER...] [--tree] [--svg FILE [--real-disk]]

            Draws the storage: every read-only layer once (short diffID, size, the step that made
            it), the images that share it side by side, each container's writable layer on its
            image with its mounts, and the totals of docker system df.

              IMAGE|CONTAINER   draw only these (and what they stand on)
              --tree            draw it as a tree (also when the stack is wider than the terminal)
              --svg FILE        write the picture as an SVG file in the simulated host folder
              --real-disk       with --svg: write FILE on your real disk instead (only from
                                dockersim's own session)

            """,
            """
            Uso: layers [IMAGEN|CONTENEDOR...] [--tree] [--svg FICHERO [--real-disk]]

            Dibuja el almacenamiento: cada capa de solo lectura una vez (diffID corto, tamaño, el
            paso que la creó), las imágenes que la comparten una al lado de otra, la capa de
            escritura de cada contenedor sobre su imagen con sus montajes, y los totales de
            docker system df.

              IMAGEN|CONTENEDOR   dibuja solo estos (y aquello sobre lo que se apoyan)
              --tree              lo dibuja como árbol (también si la pila no cabe en el terminal)
              --svg FICHERO       escribe el dibujo como fichero SVG en la carpeta simulada
                                  del anfitrión
              --real-disk         con --svg: escribe FICHERO en tu disco real (solo desde la
                                  sesión propia de dockersim)

            """)
    }

    func unknownName(_ name: String) -> String {
        say(
            "dockersim: layers: no image or container is called '\(name)'",
            "dockersim: layers: ninguna imagen ni contenedor se llama '\(name)'")
    }

    func unknownOption(_ option: String) -> String {
        say(
            "dockersim: layers: unknown option '\(option)' (layers --help)",
            "dockersim: layers: opción desconocida '\(option)' (layers --help)")
    }

    var svgNeedsFile: String {
        say("dockersim: layers: --svg needs a file name", "dockersim: layers: --svg necesita un nombre de fichero")
    }

    var realDiskNeedsSVG: String {
        say(
            "dockersim: layers: --real-disk goes with --svg FILE", "dockersim: layers: --real-disk va con --svg FICHERO"
        )
    }

    var realDiskRefused: String {
        say(
            "dockersim: layers --real-disk writes to your computer: only from dockersim's own session, not from a lesson, a transcript or a submission",
            "dockersim: layers --real-disk escribe en tu ordenador: solo desde la sesión propia de dockersim, no desde una lección, una transcripción o una entrega"
        )
    }

    func svgWritten(_ path: String, real: Bool) -> String {
        real
            ? say(
                "dockersim: picture written to \(path) (your disk)", "dockersim: dibujo escrito en \(path) (tu disco)")
            : say(
                "dockersim: picture written to \(path) (the simulated host folder)",
                "dockersim: dibujo escrito en \(path) (la carpeta simulada del anfitrión)")
    }

    func svgNotWritten(_ path: String, reason: String) -> String {
        say(
            "dockersim: layers: could not write \(path): \(reason); nothing was written",
            "dockersim: layers: no se pudo escribir \(path): \(reason); no se escribió nada")
    }
}
