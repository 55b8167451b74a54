// The Redis server of a container (Apps/Redis.swift has the data model). Its data lives in the
// server's memory, kept here per container run (a new start begins empty), and, when it runs
// with `--appendonly yes`, in its folder as Redis 7 writes it: `appendonlydir/` with the
// manifest, the base file and the incremental AOF of the commands that changed data. A server
// started on a folder that has an AOF loads it, so a bind mount or a volume on /data keeps the
// data across containers (the course's module 5, example 1).
//
// Who may connect (a running server, a route, the port) is the network's business
// (`Engine.connect`), as for SQL.

extension Engine {
    /// The files of Redis 7's multi-part AOF in `dir`.
    static func redisAOFPaths(_ dir: String) -> (folder: String, manifest: String, base: String, incr: String) {
        let folder = (dir.hasSuffix("/") ? String(dir.dropLast()) : dir) + "/appendonlydir"
        return (
            folder, folder + "/appendonly.aof.manifest", folder + "/appendonly.aof.1.base.rdb",
            folder + "/appendonly.aof.1.incr.aof"
        )
    }

    /// The data the Redis server of container `id` holds now.
    public func redisDataset(_ id: String, persistence: RedisPersistence) -> RedisDataset {
        let started = containers[id]?.startedAt ?? .zero
        if let (time, data) = redisMemory[id], time == started { return data }
        guard persistence.appendOnly, let fs = containers[id]?.fs else { return RedisDataset() }
        let incr = Self.redisAOFPaths(persistence.dir).incr
        return RedisDataset.replay((try? fs.read(incr, cwd: []))?.bytes ?? [])
    }

    /// Runs one command on the Redis server of container `id` (its main process): the reply;
    /// a command that changes the data is appended to the AOF when the server keeps one.
    public mutating func redisExecute(
        _ id: String, arguments: [String], persistence: RedisPersistence
    ) -> RedisReply {
        var data = redisDataset(id, persistence: persistence)
        let (reply, wrote) = data.execute(arguments)
        let started = containers[id]?.startedAt ?? .zero
        let firstThisRun = redisMemory[id].map { $0.0 != started } ?? true
        redisMemory[id] = (started, data)
        guard persistence.appendOnly, wrote || firstThisRun else { return reply }
        let paths = Self.redisAOFPaths(persistence.dir)
        let time = now.seconds
        var record: [UInt8] = []
        // The first write of a run selects the database, as the server's AOF feed does.
        if wrote {
            let incrExists = (try? containers[id]?.fs.read(paths.incr, cwd: [])) != nil
            let selected = redisSelected[id] == started && incrExists
            if !selected { record += RedisReply.encode(["SELECT", "0"]) }
            redisSelected[id] = started
            record += RedisReply.encode(arguments)
        }
        _ = try? withFileSystem(id) { (fs: inout ContainerFS) throws(FSError) in
            if (try? fs.stat(paths.manifest, cwd: [])) == nil {
                try fs.makeDirectory(paths.folder, cwd: [], parents: true, mtime: time)
                try fs.write(paths.base, cwd: [], bytes: Self.redisEmptyRDB, append: false, mtime: time)
                try fs.write(paths.incr, cwd: [], bytes: [], append: false, mtime: time)
                try fs.write(
                    paths.manifest, cwd: [],
                    bytes: Array(
                        "file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n"
                            .utf8), append: false, mtime: time)
            }
            if !record.isEmpty { try fs.write(paths.incr, cwd: [], bytes: record, append: true, mtime: time) }
        }
        return reply
    }

    /// The base file Redis 7.2 writes for an empty data set (an RDB: its magic, version 11, the
    /// auxiliary fields, the end mark; the checksum is invented).
    static let redisEmptyRDB: [UInt8] = {
        var bytes = Array("REDIS0011".utf8)
        func aux(_ key: String, _ value: String) {
            bytes.append(0xFA)
            bytes.append(UInt8(key.utf8.count))
            bytes += Array(key.utf8)
            bytes.append(UInt8(value.utf8.count))
            bytes += Array(value.utf8)
        }
        aux("redis-ver", "7.2.4")
        bytes += [0xFA, 0x0A] + Array("redis-bits".utf8) + [0xC0, 0x40]
        bytes += [0xFA, 0x05] + Array("ctime".utf8) + [0xC2, 0x00, 0x00, 0x00, 0x00]
        bytes += [0xFA, 0x08] + Array("used-mem".utf8) + [0xC2, 0x00, 0x00, 0x0F, 0x00]
        bytes += [0xFA, 0x08] + Array("aof-base".utf8) + [0xC0, 0x01]
        bytes += [0xFF, 0x3E, 0x5A, 0x9C, 0x17, 0x2B, 0x8D, 0x41, 0x06]
        return bytes
    }()
}
