import DockerSimCompose
import DockerSimCore
import Testing

@testable import DockerSimCommands

/// Compose's config hash (`com.docker.compose.config-hash`) is the SHA-256 of the service written
/// out by reflection and the project's name; the hashes made are remembered by service equality.
@Suite("Compose config hashes")
struct ComposeConfigHashTests {
    static func reflected(_ service: ComposeService, _ project: ComposeProject) -> String {
        Digest.sha256(of: "\(service)" + project.name).hex
    }

    @Test func rememberedHashesAreTheReflectionsHash() {
        let project = ComposeProject(name: "tienda", workingDir: "/home/usuario/tienda", composeFiles: [])
        var web = ComposeService(name: "web")
        web.image = "nginx"
        web.ports = [ComposePort(target: 80, published: "8080")]
        let first = ComposeRun.configHash(web, project: project)
        #expect(first == Self.reflected(web, project))
        var changed = web
        changed.environment = [("A", nil)]
        let second = ComposeRun.configHash(changed, project: project)
        #expect(second == Self.reflected(changed, project))
        #expect(second != first)
        #expect(ComposeRun.configHash(web, project: project) == first)
        let other = ComposeProject(name: "otra", workingDir: "/", composeFiles: [])
        #expect(ComposeRun.configHash(web, project: other) == Self.reflected(web, other))
    }

    /// The memory answers by `==`: a stored property that `==` does not compare would give a
    /// changed service its old hash. Adding one means adding it to `==` and to this count.
    @Test func serviceEqualityComparesEveryStoredProperty() {
        #expect(Mirror(reflecting: ComposeService(name: "x")).children.count == 22)
    }
}
