// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "dockersim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dockersim", targets: ["dockersim"]),
        .library(name: "DockerSimCore", targets: ["DockerSimCore"]),
        .library(name: "DockerSimCommands", targets: ["DockerSimCommands"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        /// Turns data folders into a generated Swift file of raw string literals (run by EmbedFolders).
        .executableTarget(name: "dockersim-embed", path: "Sources/dockersim-embed"),
        /// The build-tool plugin that embeds the folders a target's `Embed.txt` names.
        .plugin(name: "EmbedFolders", capability: .buildTool(), dependencies: ["dockersim-embed"]),
        /// The simulated Docker Hub's catalog (the top-level `Hub/` folder), embedded as text.
        .target(name: "DockerSimHubData", exclude: ["Embed.txt"], plugins: ["EmbedFolders"]),
        /// The package managers' catalog (the top-level `Packages/` folder), embedded as text.
        .target(name: "DockerSimPackageData", exclude: ["Embed.txt"], plugins: ["EmbedFolders"]),
        /// The model and the engine: layers, images, containers, the simulated Hub. No terminal I/O.
        .target(
            name: "DockerSimCore",
            dependencies: [
                "DockerSimHubData", "DockerSimPackageData", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HashTreeCollections", package: "swift-collections"),
            ]
        ),
        /// Go's `text/template` as docker's `--format` runs it: lexer, parser, runner, functions, JSON.
        .target(name: "DockerSimTemplate", dependencies: ["DockerSimCore"]),
        /// The shell that runs inside a container (bash as the student sees it).
        .target(name: "DockerSimShell", dependencies: ["DockerSimCore"]),
        /// Docker Compose's project model: the compose file's loader (YAML, `.env`, interpolation),
        /// Compose's validation and error texts, and the dependency order of services.
        .target(
            name: "DockerSimCompose", dependencies: ["DockerSimCore", .product(name: "Yams", package: "Yams")]),
        /// The docker command layer: grammar, formatters, docker's messages, the session.
        .target(
            name: "DockerSimCommands",
            dependencies: ["DockerSimCore", "DockerSimShell", "DockerSimTemplate", "DockerSimCompose"]),
        /// libedit (Debian's libedit-dev) behind a one-header shim of non-variadic wrappers.
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        /// The line-editing REPL on a terminal: libedit, history, completion, keys, pull progress.
        .target(
            name: "DockerSimREPL", dependencies: ["CEditLine", "DockerSimCommands", "DockerSimCore", "DockerSimShell"]),
        /// dockersim's own lessons (the top-level `Lessons/` folder), embedded as text.
        .target(name: "DockerSimLessonsData", exclude: ["Embed.txt"], plugins: ["EmbedFolders"]),
        /// Lessons that guide, hint and check; submissions and grading.
        .target(
            name: "DockerSimLessons",
            dependencies: ["DockerSimCore", "DockerSimShell", "DockerSimCommands", "DockerSimLessonsData"]),
        /// The thin executable: dockersim's own command line, scripted mode, the prompt.
        .executableTarget(
            name: "dockersim",
            dependencies: [
                "DockerSimREPL",
                "DockerSimLessons",
                "DockerSimCommands",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        /// The fuzz harness: seeded mutation of every input kind, run after each input against the
        /// engine's invariants and the atomicity rule (see RELIABILITY.md).
        .target(
            name: "DockerSimFuzz",
            dependencies: ["DockerSimCore", "DockerSimShell", "DockerSimCommands", "DockerSimLessons"]),
        /// libFuzzer's driver (built with `Fuzz/libfuzzer.sh`); without `-D FUZZING` it replays files.
        .executableTarget(name: "dockersim-fuzz", dependencies: ["DockerSimFuzz"], path: "Sources/DockerSimFuzzDriver"),
        .testTarget(
            name: "DockerSimFuzzTests",
            dependencies: [
                "DockerSimTestSupport", "DockerSimFuzz", "DockerSimCore", "DockerSimShell", "DockerSimCommands",
                "DockerSimLessons", "DockerSimREPL", "dockersim-fuzz", "dockersim",
            ]),
        /// The benchmarks of issue 6 (BENCHMARKS.md): not part of `swift test`; run in release mode.
        .executableTarget(name: "dockersim-bench", dependencies: ["DockerSimCommands", "DockerSimCore"]),
        /// What the test targets share: sessions and engines on the manual clock.
        .target(
            name: "DockerSimTestSupport", dependencies: ["DockerSimCommands", "DockerSimCore"],
            path: "Tests/DockerSimTestSupport"),
        .testTarget(name: "DockerSimCoreTests", dependencies: ["DockerSimCore"]),
        .testTarget(name: "DockerSimComposeTests", dependencies: ["DockerSimCompose", "DockerSimCore"]),
        .testTarget(
            name: "DockerSimLessonsTests",
            dependencies: [
                "DockerSimTestSupport", "DockerSimLessons", "DockerSimLessonsData", "DockerSimCommands",
                "DockerSimCore", "dockersim",
            ]),
        .testTarget(
            name: "DockerSimREPLTests",
            dependencies: ["DockerSimTestSupport", "DockerSimREPL", "DockerSimCommands", "DockerSimCore", "dockersim"]),
        .testTarget(
            name: "DockerSimCommandsTests",
            dependencies: [
                "DockerSimTestSupport", "DockerSimCommands", "DockerSimCore", "DockerSimShell", "DockerSimTemplate",
            ]
        ),
    ]
)
