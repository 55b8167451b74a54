// nginx:stable as the Docker Hub served it in January 2024: nginx 1.24.0 on Debian bookworm
// (github.com/nginxinc/docker-nginx, stable/debian/Dockerfile). The image has the
// debian:bookworm-slim base layer of its own build date (so its blob differs from
// debian:stable-slim's), one layer that installs nginx, and five small COPY layers.
//
// Exact: the configuration, the default page, the Dockerfile's steps, the image config (Env,
// Cmd, Entrypoint, ExposedPorts, StopSignal, the maintainer label). Invented: every digest
// (blobs, diffIDs follow from the invented trees, the image ID, the repo digest), the file list
// and sizes of the install layer (only its total, chosen so that the image is 187MB, is meant
// to be plausible), the sizes of the four /docker-entrypoint.d scripts (content not simulated).

extension RootFS {
    /// When the nginx image's debian base was built (2023-12-19T00:00:00Z): a different build
    /// than debian:stable-slim's of 2024-01-10.
    static let nginxBaseBuilt: Int64 = 1_702_944_000
    /// When the nginx image was built (2023-12-19T08:00:00Z).
    static let nginxBuilt: Int64 = 1_702_972_800
    /// The size of the install layer (`RUN set -x && groupadd … apt-get install nginx …`): invented.
    static let nginxInstallTotal: Int64 = 112_394_652

    /// The debian:bookworm-slim layer under nginx: the same files as debian:stable-slim's, with
    /// the build-time files (`/etc/hostname`, `/etc/passwd`, …) of its own, earlier build.
    static func nginxDebianBase() -> [Entry] {
        let stableSlimBuilt: Int64 = 1_704_844_800
        return debianBookwormSlim().map { entry in
            (entry.path, rebuilt(entry.node, from: stableSlimBuilt, to: nginxBaseBuilt))
        }
    }

    private static func rebuilt(_ node: FileNode, from old: Int64, to new: Int64) -> FileNode {
        func fix(_ meta: FileMetadata) -> FileMetadata {
            var meta = meta
            if meta.mtime == old { meta.mtime = new }
            return meta
        }
        switch node {
        case .file(let content, let meta): return .file(content, fix(meta))
        case .symlink(let target, let meta): return .symlink(target: target, fix(meta))
        case .directory(let dir): return .directory(Directory(meta: fix(dir.meta), opaque: dir.opaque))
        case .whiteout: return .whiteout
        }
    }

    /// The layer that adds the nginx user and installs nginx 1.24.0, njs 0.8.2 and their
    /// dependencies (gettext-base for envsubst, curl).
    static func nginxInstallLayer() -> [Entry] {
        let t = nginxBuilt
        var entries: [Entry] = [
            file("/etc/passwd", bookwormPasswd + "nginx:x:101:101:nginx user:/nonexistent:/bin/false\n", mtime: t),
            file("/etc/passwd-", bookwormPasswd, mtime: t),
            file("/etc/group", bookwormGroup + "nginx:x:101:\n", mtime: t),
            file("/etc/group-", bookwormGroup, mtime: t),
            file(
                "/etc/shadow",
                shadowFile(
                    for: bookwormPasswd + "nginx:x:101:101:nginx user:/nonexistent:/bin/false\n", lastChange: 19_710),
                mode: 0o640, gid: 42, mtime: t),
            file("/etc/gshadow", gshadowFile(for: bookwormGroup + "nginx:x:101:\n"), mode: 0o640, gid: 42, mtime: t),
            dir("/etc/nginx", mtime: t),
            dir("/etc/nginx/conf.d", mtime: t),
            file("/etc/nginx/nginx.conf", nginxConf, mtime: t),
            file("/etc/nginx/conf.d/default.conf", nginxDefaultConf, mtime: t),
            blob("/etc/nginx/mime.types", size: 5_349, mode: 0o644, mtime: t),
            blob("/etc/nginx/fastcgi_params", size: 1_007, mode: 0o644, mtime: t),
            blob("/etc/nginx/scgi_params", size: 636, mode: 0o644, mtime: t),
            blob("/etc/nginx/uwsgi_params", size: 664, mode: 0o644, mtime: t),
            link("/etc/nginx/modules", "/usr/lib/nginx/modules", mtime: t),
            blob("/etc/ld.so.cache", size: 13_602, mode: 0o644, mtime: t),
            blob("/usr/sbin/nginx", size: 1_434_040, mtime: t),
            blob("/usr/sbin/nginx-debug", size: 1_478_232, mtime: t),
            blob("/usr/bin/envsubst", size: 35_512, mtime: t),
            blob("/usr/bin/curl", size: 284_952, mtime: t),
            dir("/usr/share/nginx/html", mtime: t),
            file("/usr/share/nginx/html/index.html", nginxIndexHTML, mtime: t),
            file("/usr/share/nginx/html/50x.html", nginx50xHTML, mtime: t),
            dir("/var/cache/nginx", mtime: t),
            dir("/var/log/nginx", mtime: t),
            link("/var/log/nginx/access.log", "/dev/stdout", mtime: t),
            link("/var/log/nginx/error.log", "/dev/stderr", mtime: t),
            dir("/docker-entrypoint.d", mtime: t),
        ]
        entries += table(
            "/usr/lib/nginx/modules",
            """
            ngx_http_geoip_module.so 27960 644
            ngx_http_image_filter_module.so 27960 644
            ngx_http_js_module.so 1612536 644
            ngx_http_xslt_filter_module.so 27960 644
            ngx_stream_geoip_module.so 23864 644
            ngx_stream_js_module.so 1567480 644
            """, mtime: t)
        entries += sized(
            "/usr/share/doc",
            """
            nginx/changelog.gz nginx/copyright nginx-module-njs/copyright gettext-base/copyright
            curl/copyright libcurl4/copyright libnghttp2-14/copyright libssh2-1/copyright
            librtmp1/copyright libpsl5/copyright libbrotli1/copyright libldap-2.5-0/copyright
            libsasl2-2/copyright libxslt1.1/copyright libxml2/copyright libgd3/copyright
            libgeoip1/copyright libfreetype6/copyright libpng16-16/copyright libjpeg62-turbo/copyright
            libtiff6/copyright libwebp7/copyright fontconfig-config/copyright libfontconfig1/copyright
            """, 1_200...24_000, salt: "nginx:", mtime: t)
        entries += table(
            "/usr/lib/x86_64-linux-gnu",
            """
            libcurl.so.4.8.0 768648 644
            libnghttp2.so.14.24.1 174312 644
            libssh2.so.1.0.1 280720 644
            librtmp.so.1 116224 644
            libpsl.so.5.3.4 72816 644
            libbrotlidec.so.1.0.9 51648 644
            libbrotlicommon.so.1.0.9 137536 644
            libldap-2.5.so.0.1.11 355456 644
            liblber-2.5.so.0.1.11 59632 644
            libsasl2.so.2.0.25 113592 644
            libxslt.so.1.1.35 256336 644
            libexslt.so.0.8.20 84616 644
            libxml2.so.2.9.14 1945464 644
            libgd.so.3.0.11 418056 644
            libGeoIP.so.1.6.12 141944 644
            libfreetype.so.6.18.3 805488 644
            libpng16.so.16.39.0 215144 644
            libjpeg.so.62.3.0 432912 644
            libtiff.so.6.0.0 538376 644
            libwebp.so.7.1.5 501376 644
            libfontconfig.so.1.12.0 305056 644
            libX11.so.6.4.0 1337392 644
            libxcb.so.1.1.0 174560 644
            libicuuc.so.72.1 2079432 644
            libicui18n.so.72.1 3401152 644
            """, mtime: t)
        entries += sized(
            "/var/lib/dpkg/info",
            """
            nginx.list nginx.md5sums nginx.postinst nginx.postrm nginx.preinst nginx.prerm
            nginx-module-njs.list nginx-module-njs.md5sums gettext-base.list gettext-base.md5sums
            curl.list curl.md5sums libcurl4:amd64.list libcurl4:amd64.md5sums
            """, 200...9_000, salt: "nginx:", mtime: t)
        entries += [
            blob("/var/lib/dpkg/status", size: 84_214, mode: 0o644, mtime: t),
            blob("/var/lib/dpkg/status-old", size: 84_018, mode: 0o644, mtime: t),
            blob("/var/log/dpkg.log", size: 41_877, mode: 0o644, mtime: t),
            blob("/var/log/apt/history.log", size: 3_954, mode: 0o644, mtime: t),
            blob("/var/log/apt/eipp.log.xz", size: 18_372, mode: 0o644, mtime: t),
            blob("/var/cache/debconf/config.dat", size: 11_204, mode: 0o644, mtime: t),
            blob("/var/cache/debconf/templates.dat", size: 472_910, mode: 0o644, mtime: t),
        ]
        balance(
            &entries, total: nginxInstallTotal,
            files: [
                ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 1),
                ("/usr/lib/x86_64-linux-gnu/libicudata.so.72.1", 40),
                ("/usr/lib/x86_64-linux-gnu/perl5/5.36/auto/nginx/nginx.so", 1),
                ("/usr/lib/x86_64-linux-gnu/libLLVM-15.so.1", 50),
            ],
            mtime: t)
        return entries
    }

    /// `COPY docker-entrypoint.sh /`.
    static func nginxEntrypointLayer() -> [Entry] {
        [file("/docker-entrypoint.sh", nginxEntrypointScript, mode: 0o775, mtime: nginxBuilt)]
    }

    /// `COPY <script> /docker-entrypoint.d`: one script of `size` bytes (content not simulated).
    static func nginxEntrypointDLayer(_ name: String, size: Int64) -> [Entry] {
        [
            dir("/docker-entrypoint.d", mtime: nginxBuilt),
            blob("/docker-entrypoint.d/" + name, size: size, mode: 0o775, mtime: nginxBuilt),
        ]
    }
}

extension HubCatalog {
    /// Publishes nginx 1.24.0 as `nginx:stable`, `stable-bookworm`, `1.24`, `1.24.0` and (a
    /// simplification: the real `latest` was mainline 1.25.3) `latest`.
    static func publishNginx(into hub: inout Registry) {
        let built = Timestamp(seconds: RootFS.nginxBuilt)
        let baseBuilt = Timestamp(seconds: RootFS.nginxBaseBuilt)
        let base = HubLayer(blob: invented("2f44b7a888fa"), tree: tree(RootFS.nginxDebianBase()))
        let install = HubLayer(blob: invented("8b7dd3af5ff2"), tree: tree(RootFS.nginxInstallLayer()))
        let entry = HubLayer(blob: invented("33f95a5e3cfb"), tree: tree(RootFS.nginxEntrypointLayer()))
        let scripts: [(String, String, Int64)] = [
            ("8a6f26c5a0c6", "10-listen-on-ipv6-by-default.sh", 2_125),
            ("1d2a1be3ab04", "15-local-resolvers.envsh", 336),
            ("ae6fbe5f1de7", "20-envsubst-on-templates.sh", 3_018),
            ("5a7a15e67f19", "30-tune-worker-processes.sh", 4_619),
        ]
        let scriptLayers = scripts.map { blob, name, size in
            HubLayer(blob: invented(blob), tree: tree(RootFS.nginxEntrypointDLayer(name, size: size)))
        }
        let buildkit = "buildkit.dockerfile.v0"
        var history = [
            HistoryEntry(
                created: baseBuilt, createdBy: "/bin/sh -c #(nop) ADD file:\(inventedHex("nginx-debian-rootfs")) in / "),
            HistoryEntry(
                created: baseBuilt.adding(seconds: 1), createdBy: "/bin/sh -c #(nop)  CMD [\"bash\"]", emptyLayer: true),
            HistoryEntry(
                created: built, createdBy: "LABEL maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>",
                comment: buildkit, emptyLayer: true),
            HistoryEntry(created: built, createdBy: "ENV NGINX_VERSION=1.24.0", comment: buildkit, emptyLayer: true),
            HistoryEntry(created: built, createdBy: "ENV NJS_VERSION=0.8.2", comment: buildkit, emptyLayer: true),
            HistoryEntry(created: built, createdBy: "ENV PKG_RELEASE=1~bookworm", comment: buildkit, emptyLayer: true),
            HistoryEntry(
                created: built.adding(seconds: 30),
                createdBy:
                    "RUN /bin/sh -c set -x     && groupadd --system --gid 101 nginx     && useradd --system --gid nginx --no-create-home --home /nonexistent --comment \"nginx user\" --shell /bin/false --uid 101 nginx     && apt-get update     && apt-get install --no-install-recommends --no-install-suggests -y gnupg1 ca-certificates     && NGINX_GPGKEY=573BFD6B3D8FBC641079A6ABABF5BD827BD9BF62;     NGINX_GPGKEY_PATH=/usr/share/keyrings/nginx-archive-keyring.gpg;     export GNUPGHOME=\"$(mktemp -d)\";     found='';     for server in         hkp://keyserver.ubuntu.com:80         pgp.mit.edu     ; do         echo \"Fetching GPG key $NGINX_GPGKEY from $server\";         gpg1 --keyserver \"$server\" --keyserver-options timeout=10 --recv-keys \"$NGINX_GPGKEY\" && found=yes && break;     done;     test -z \"$found\" && echo >&2 \"error: failed to fetch GPG key $NGINX_GPGKEY\" && exit 1;     gpg1 --export \"$NGINX_GPGKEY\" > \"$NGINX_GPGKEY_PATH\" ;     rm -rf \"$GNUPGHOME\";     apt-get remove --purge --auto-remove -y gnupg1 && rm -rf /var/lib/apt/lists/*     && dpkgArch=\"$(dpkg --print-architecture)\"     && nginxPackages=\"         nginx=${NGINX_VERSION}-${PKG_RELEASE}         nginx-module-xslt=${NGINX_VERSION}-${PKG_RELEASE}         nginx-module-geoip=${NGINX_VERSION}-${PKG_RELEASE}         nginx-module-image-filter=${NGINX_VERSION}-${PKG_RELEASE}         nginx-module-njs=${NGINX_VERSION}+${NJS_VERSION}-${PKG_RELEASE}     \"     && apt-get install --no-install-recommends --no-install-suggests -y $nginxPackages gettext-base curl     && apt-get remove --purge --auto-remove -y && rm -rf /var/lib/apt/lists/* /etc/apt/sources.list.d/nginx.list     && ln -sf /dev/stdout /var/log/nginx/access.log     && ln -sf /dev/stderr /var/log/nginx/error.log     && mkdir /docker-entrypoint.d # buildkit",
                comment: buildkit),
            HistoryEntry(
                created: built.adding(seconds: 31), createdBy: "COPY docker-entrypoint.sh / # buildkit",
                comment: buildkit),
        ]
        for script in scripts {
            history.append(
                HistoryEntry(
                    created: built.adding(seconds: 31), createdBy: "COPY \(script.1) /docker-entrypoint.d # buildkit",
                    comment: buildkit))
        }
        history += [
            HistoryEntry(
                created: built.adding(seconds: 31), createdBy: "ENTRYPOINT [\"/docker-entrypoint.sh\"]",
                comment: buildkit, emptyLayer: true),
            HistoryEntry(
                created: built.adding(seconds: 31), createdBy: "EXPOSE map[80/tcp:{}]", comment: buildkit,
                emptyLayer: true),
            HistoryEntry(
                created: built.adding(seconds: 31), createdBy: "STOPSIGNAL SIGQUIT", comment: buildkit, emptyLayer: true
            ),
            HistoryEntry(
                created: built.adding(seconds: 31), createdBy: "CMD [\"nginx\" \"-g\" \"daemon off;\"]",
                comment: buildkit, emptyLayer: true),
        ]
        var run = RunConfig(
            env: [pathEnv, "NGINX_VERSION=1.24.0", "NJS_VERSION=0.8.2", "PKG_RELEASE=1~bookworm"],
            cmd: ["nginx", "-g", "daemon off;"], entrypoint: ["/docker-entrypoint.sh"],
            exposedPorts: ["80/tcp"], labels: ["maintainer": "NGINX Docker Maintainers <docker-maint@nginx.com>"])
        run.stopSignal = "SIGQUIT"
        let layers = [base, install, entry] + scriptLayers
        let image = HubImage(
            id: invented("b690f5f0a2d5"),
            manifestDigest: invented("4c0fdaa8b634"),
            config: ImageConfig(
                config: run, created: built.adding(seconds: 31), history: history, diffIDs: layers.map(\.diffID)),
            layers: layers)
        hub.publish(image, path: "library/nginx", tags: ["stable", "stable-bookworm", "1.24", "1.24.0", "latest"])
    }
}

extension RootFS {
    /// `/etc/nginx/nginx.conf` of the nginx.org package.
    static let nginxConf = #"""

        user  nginx;
        worker_processes  auto;

        error_log  /var/log/nginx/error.log notice;
        pid        /var/run/nginx.pid;


        events {
            worker_connections  1024;
        }


        http {
            include       /etc/nginx/mime.types;
            default_type  application/octet-stream;

            log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                              '$status $body_bytes_sent "$http_referer" '
                              '"$http_user_agent" "$http_x_forwarded_for"';

            access_log  /var/log/nginx/access.log  main;

            sendfile        on;
            #tcp_nopush     on;

            keepalive_timeout  65;

            #gzip  on;

            include /etc/nginx/conf.d/*.conf;
        }

        """#

    /// `/etc/nginx/conf.d/default.conf` as packaged (the IPv6 `listen` is added at start).
    static let nginxDefaultConf = #"""
        server {
            listen       80;
            server_name  localhost;

            #access_log  /var/log/nginx/host.access.log  main;

            location / {
                root   /usr/share/nginx/html;
                index  index.html index.htm;
            }

            #error_page  404              /404.html;

            # redirect server error pages to the static page /50x.html
            #
            error_page   500 502 503 504  /50x.html;
            location = /50x.html {
                root   /usr/share/nginx/html;
            }

            # proxy the PHP scripts to Apache listening on 127.0.0.1:80
            #
            #location ~ \.php$ {
            #    proxy_pass   http://127.0.0.1;
            #}

            # pass the PHP scripts to FastCGI server listening on 127.0.0.1:9000
            #
            #location ~ \.php$ {
            #    root           html;
            #    fastcgi_pass   127.0.0.1:9000;
            #    fastcgi_index  index.php;
            #    fastcgi_param  SCRIPT_FILENAME  /scripts$fastcgi_script_name;
            #    include        fastcgi_params;
            #}

            # deny access to .htaccess files, if Apache's document root
            # concurs with nginx's one
            #
            #location ~ /\.ht {
            #    deny  all;
            #}
        }

        """#

    /// `/usr/share/nginx/html/index.html`: "Welcome to nginx!" (615 bytes).
    static let nginxIndexHTML = #"""
        <!DOCTYPE html>
        <html>
        <head>
        <title>Welcome to nginx!</title>
        <style>
        html { color-scheme: light dark; }
        body { width: 35em; margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif; }
        </style>
        </head>
        <body>
        <h1>Welcome to nginx!</h1>
        <p>If you see this page, the nginx web server is successfully installed and
        working. Further configuration is required.</p>

        <p>For online documentation and support please refer to
        <a href="http://nginx.org/">nginx.org</a>.<br/>
        Commercial support is available at
        <a href="http://nginx.com/">nginx.com</a>.</p>

        <p><em>Thank you for using nginx.</em></p>
        </body>
        </html>

        """#

    /// `/usr/share/nginx/html/50x.html`.
    static let nginx50xHTML = #"""
        <!DOCTYPE html>
        <html>
        <head>
        <title>Error</title>
        <style>
        html { color-scheme: light dark; }
        body { width: 35em; margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif; }
        </style>
        </head>
        <body>
        <h1>An error occurred.</h1>
        <p>Sorry, the page you are looking for is currently unavailable.<br/>
        Please try again later.</p>
        <p>If you are the system administrator of this resource then you should check
        the error log for details.</p>
        <p><em>Faithfully yours, nginx.</em></p>
        </body>
        </html>

        """#

    /// `/docker-entrypoint.sh` (a reconstruction of docker-nginx's script of that time).
    static let nginxEntrypointScript = #"""
        #!/bin/sh
        # vim:sw=4:ts=4:et

        set -e

        entrypoint_log() {
            if [ -z "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ]; then
                echo "$@"
            fi
        }

        if [ "$1" = "nginx" ] || [ "$1" = "nginx-debug" ]; then
            if /usr/bin/find "/docker-entrypoint.d/" -mindepth 1 -maxdepth 1 -type f -print -quit 2>/dev/null | read v; then
                entrypoint_log "$0: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"

                entrypoint_log "$0: Looking for shell scripts in /docker-entrypoint.d/"
                find "/docker-entrypoint.d/" -follow -type f -print | sort -V | while read -r f; do
                    case "$f" in
                        *.envsh)
                            if [ -x "$f" ]; then
                                entrypoint_log "$0: Sourcing $f";
                                . "$f"
                            else
                                # warn on shell scripts without exec bit
                                entrypoint_log "$0: Ignoring $f, not executable";
                            fi
                            ;;
                        *.sh)
                            if [ -x "$f" ]; then
                                entrypoint_log "$0: Launching $f";
                                "$f"
                            else
                                # warn on shell scripts without exec bit
                                entrypoint_log "$0: Ignoring $f, not executable";
                            fi
                            ;;
                        *) entrypoint_log "$0: Ignoring $f";;
                    esac
                done

                entrypoint_log "$0: Configuration complete; ready for start up"
            else
                entrypoint_log "$0: No files found in /docker-entrypoint.d/, skipping configuration"
            fi
        fi

        exec "$@"

        """#
}
