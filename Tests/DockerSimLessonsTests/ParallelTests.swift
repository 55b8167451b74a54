import Synchronization
import Testing

@testable import DockerSimLessons

/// `Parallel.map` with costs: the costliest start first, the results come back in the items' order.
@Suite struct ParallelTests {
    @Test func theCostliestStartFirstAndTiesKeepTheirOrder() {
        #expect(Parallel.longestFirst([3, 10, 1, 10, 7]) == [1, 3, 4, 0, 2])
        #expect(Parallel.longestFirst([]) == [])
        #expect(Parallel.longestFirst([5, 5, 5]) == [0, 1, 2])
        let costs = (0..<500).map { ($0 * 7919) % 101 }
        let order = Parallel.longestFirst(costs)
        #expect(order.sorted() == Array(costs.indices))
        for (earlier, later) in zip(order, order.dropFirst()) {
            #expect(costs[earlier] > costs[later] || (costs[earlier] == costs[later] && earlier < later))
        }
    }

    @Test func resultsComeBackInTheItemsOrderAndEachItemRunsOnce() {
        let items = Array(0..<300)
        let runs = Mutex<[Int: Int]>([:])
        let results = Parallel.map(items, costs: items.map { ($0 * 37) % 11 }) { item -> String in
            runs.withLock { $0[item, default: 0] += 1 }
            return "item \(item)"
        }
        #expect(results == items.map { "item \($0)" })
        #expect(results == Parallel.map(items) { "item \($0)" })
        #expect(runs.withLock { $0 } == Dictionary(uniqueKeysWithValues: items.map { ($0, 1) }))
        #expect(Parallel.map([42], costs: [1]) { $0 + 1 } == [43])
        #expect(Parallel.map([Int](), costs: []) { $0 + 1 } == [])
    }

    /// The lessons with builds are guessed to be the longest to play.
    @Test func lessonsThatBuildAreGuessedCostliest() {
        let lessons = LessonCatalog.builtIn.lessons
        let building = lessons.filter { lesson in
            lesson.steps.contains { $0.solution.contains { $0.text.contains("docker build") } }
        }
        #expect(!building.isEmpty)
        let others = lessons.filter { lesson in !building.contains { $0.id == lesson.id } }
        for lesson in building {
            for other in others { #expect(lesson.estimatedCost > other.estimatedCost, "\(lesson.id), \(other.id)") }
        }
    }
}
