extension RootFS {
    /// The size of the layer that installs apache2 on debian bookworm-slim, as docker counts it.
    static let apacheInstallTotal: Int64 = 112_021_955

    /// When the layer was built (2024-01-15T10:00:00Z): files written by apt, dpkg and the
    /// maintainer scripts.
    private static let apacheBuilt: Int64 = 1_705_312_800
    /// Files of the apache2 2.4.57 packages (2023-04-13).
    private static let apachePackaged: Int64 = 1_681_401_600
    /// Files of the other packages pulled in (bookworm 12.4 versions, 2023-11-25).
    private static let apacheDeps: Int64 = 1_700_870_400
    /// Salt for the sizes of files listed by name only.
    private static let apacheSalt = "apache2:"

    /// The layer made by `RUN apt-get update && apt-get install -y apache2 && apt-get clean &&
    /// rm -rf /var/lib/apt/lists/*` on top of `debian:bookworm-slim`.
    ///
    /// It holds apache2 and what apt pulls in with it (perl, OpenSSL, ICU, libxml2, curl,
    /// ca-certificates, procps, ssl-cert, adduser…), and the files the installation rewrites
    /// (`/var/lib/dpkg/status`, `/etc/group`, `/etc/ld.so.cache`, debconf's databases, logs).
    /// The configuration a student reads (`apache2.conf`, `ports.conf`, `envvars`,
    /// `000-default.conf`, `dir.conf`, the `.load` files) is the real text. The file list and the
    /// sizes of binaries and data files are a plausible reconstruction (invented, but stable):
    /// only the layer's total (``apacheInstallTotal``) and the visible text files are meant to be
    /// exact. ICU's data library and libperl take what the other entries leave of the total.
    static func apacheInstallLayer() -> [(path: String, node: FileNode)] {
        var entries: [Entry] = []
        entries += apacheEtc()
        entries += apacheModuleConfig()
        entries += apacheSystemFiles()
        entries += apacheBinaries()
        entries += apacheModules()
        entries += apacheLibraries()
        entries += apachePerl()
        entries += apacheShare()
        entries += apacheCertificates()
        entries += apacheVar()
        balance(
            &entries, total: apacheInstallTotal,
            files: [
                ("/usr/lib/x86_64-linux-gnu/libperl.so.5.36.0", 3_957_128),
                ("/usr/lib/x86_64-linux-gnu/libicudata.so.72.1", 30_744_080),
            ],
            mtime: apacheDeps)
        return entries
    }

    // MARK: - /etc/apache2

    /// /etc/apache2: the main configuration, ports, envvars, the default site, conf-available.
    private static func apacheEtc() -> [Entry] {
        let p = apachePackaged
        var entries: [Entry] = [
            dir("/etc/apache2", mtime: apacheBuilt),
            file("/etc/apache2/apache2.conf", apache2Conf, mtime: p),
            file("/etc/apache2/ports.conf", apachePortsConf, mtime: p),
            file("/etc/apache2/envvars", apacheEnvvars, mtime: p),
            blob("/etc/apache2/magic", size: 31_063, mode: 0o644, mtime: p),
            file("/etc/apache2/sites-available/000-default.conf", apacheDefaultSite, mtime: p),
            blob("/etc/apache2/sites-available/default-ssl.conf", size: 6_338, mode: 0o644, mtime: p),
            link(
                "/etc/apache2/sites-enabled/000-default.conf", "../sites-available/000-default.conf",
                mtime: apacheBuilt),
        ]
        entries += table(
            "/etc/apache2/conf-available",
            """
            charset.conf 315
            localized-error-pages.conf 3224
            other-vhosts-access-log.conf 189
            security.conf 2174
            serve-cgi-bin.conf 520
            """, mode: 0o644, mtime: p)
        for name in words("charset localized-error-pages other-vhosts-access-log security serve-cgi-bin") {
            entries.append(
                link("/etc/apache2/conf-enabled/\(name).conf", "../conf-available/\(name).conf", mtime: apacheBuilt))
            entries.append(empty("/var/lib/apache2/conf/enabled_by_maint/" + name, mtime: apacheBuilt))
        }
        entries.append(empty("/var/lib/apache2/site/enabled_by_maint/000-default", mtime: apacheBuilt))
        return entries
    }

    /// mods-available (a `.load` for every module, a `.conf` for some) and mods-enabled (the
    /// default set, as symlinks).
    private static func apacheModuleConfig() -> [Entry] {
        let p = apachePackaged
        let available = "/etc/apache2/mods-available/"
        var entries: [Entry] = []
        for module in words(apacheModuleNames) {
            var load = ""
            for line in words(apacheModuleLoadHeaders) where line.hasPrefix(module + "=") {
                let header = line.dropFirst(module.count + 1)
                load += "# " + header.replacingAll(":", with: ": ").replacingAll(",", with: " ") + "\n"
            }
            load += "LoadModule \(module)_module /usr/lib/apache2/modules/mod_\(module).so\n"
            entries.append(file(available + module + ".load", load, mtime: p))
        }
        entries += table(
            available,
            """
            actions.conf 66
            alias.conf 843
            autoindex.conf 2658
            cache_disk.conf 380
            cgid.conf 115
            dav_fs.conf 48
            deflate.conf 395
            http2.conf 1280
            info.conf 396
            ldap.conf 346
            mime.conf 7604
            mime_magic.conf 97
            mpm_prefork.conf 571
            mpm_worker.conf 836
            negotiation.conf 724
            proxy.conf 822
            proxy_balancer.conf 341
            proxy_ftp.conf 70
            proxy_html.conf 1182
            reqtimeout.conf 1280
            setenvif.conf 1288
            ssl.conf 3110
            status.conf 749
            userdir.conf 424
            """, mode: 0o644, mtime: p)
        entries.append(file(available + "dir.conf", apacheDirConf, mtime: p))
        entries.append(file(available + "mpm_event.conf", apacheMpmEventConf, mtime: p))
        for name in words(apacheEnabledModules) {
            entries.append(link("/etc/apache2/mods-enabled/" + name, "../mods-available/" + name, mtime: apacheBuilt))
            if name.hasSuffix(".load") {
                let module = String(name.dropLast(5))
                entries.append(empty("/var/lib/apache2/module/enabled_by_maint/" + module, mtime: apacheBuilt))
            }
        }
        return entries
    }

    /// Other configuration: init scripts, systemd units, logrotate, ssl, netbase, the users and
    /// groups files rewritten for the new `ssl-cert` group.
    private static func apacheSystemFiles() -> [Entry] {
        let t = apacheBuilt
        let p = apachePackaged
        let d = apacheDeps
        let group = bookwormGroup + "ssl-cert:x:101:\n"
        var entries: [Entry] = [
            file("/etc/group", group, mtime: t),
            file("/etc/group-", bookwormGroup, mtime: t),
            file("/etc/gshadow", gshadowFile(for: group), mode: 0o640, gid: 42, mtime: t),
            file("/etc/gshadow-", gshadowFile(for: bookwormGroup), mode: 0o640, gid: 42, mtime: t),
            blob("/etc/ld.so.cache", size: 15_388, mode: 0o644, mtime: t),
            dir("/etc/ssl/private", mode: 0o710, gid: 101, mtime: t),
            blob("/etc/ssl/private/ssl-cert-snakeoil.key", size: 1_704, mode: 0o640, gid: 101, mtime: t),
            blob("/etc/ssl/certs/ssl-cert-snakeoil.pem", size: 1_094, mode: 0o644, mtime: t),
            blob("/etc/ssl/certs/ca-certificates.crt", size: 219_312, mode: 0o644, mtime: t),
            link("/etc/ssl/certs/d6f9c6f4.0", "ssl-cert-snakeoil.pem", mtime: t),
            link(
                "/etc/systemd/system/multi-user.target.wants/apache2.service",
                "/lib/systemd/system/apache2.service", mtime: t),
            link(
                "/etc/systemd/system/multi-user.target.wants/apache-htcacheclean.service",
                "/lib/systemd/system/apache-htcacheclean.service", mtime: t),
            link("/usr/lib/ssl/certs", "/etc/ssl/certs", mtime: d),
            link("/usr/lib/ssl/openssl.cnf", "/etc/ssl/openssl.cnf", mtime: d),
            link("/usr/lib/ssl/private", "/etc/ssl/private", mtime: d),
        ]
        for (runlevels, prefix) in [("0 1 6", "K01"), ("2 3 4 5", "S01")] {
            for level in words(runlevels) {
                for service in ["apache2", "apache-htcacheclean"] {
                    entries.append(link("/etc/rc\(level).d/\(prefix)\(service)", "../init.d/\(service)", mtime: t))
                }
            }
        }
        entries += table(
            "/etc",
            """
            init.d/apache2 8181
            init.d/apache-htcacheclean 2489
            init.d/procps 1382
            cron.daily/apache2 315
            """, mode: 0o755, mtime: p)
        entries += table(
            "/etc",
            """
            logrotate.d/apache2 433
            default/apache-htcacheclean 1123
            adduser.conf 3040
            deluser.conf 604
            ca-certificates.conf 6512
            ldap/ldap.conf 332
            mailcap 3184
            mailcap.order 449
            mime.types 69695
            protocols 2932
            services 12813
            rpc 887
            ethertypes 1816
            sysctl.conf 2355
            sysctl.d/README.sysctl 798
            ssl/openssl.cnf 12332
            ssl/ct_log_list.cnf 412
            ssl/ct_log_list.cnf.dist 412
            ssl/openssl.cnf.dist 12332
            perl/sitecustomize.pl 97
            perl/Net/libnet.cfg 1
            """, mode: 0o644, mtime: d)
        entries += table(
            "/usr/lib/systemd/system",
            """
            apache2.service 395
            apache2@.service 454
            apache-htcacheclean.service 346
            apache-htcacheclean@.service 374
            procps.service 366
            """, mode: 0o644, mtime: p)
        entries += dirs(
            """
            /etc/ca-certificates/update.d
            /etc/ssl/certs
            /usr/local/share/ca-certificates
            /usr/local/lib/site_perl
            """, mtime: t)
        return entries
    }

    // MARK: - Binaries and libraries

    /// The binaries: apache2 and its tools, openssl, perl's scripts, procps, adduser, mailcap.
    private static func apacheBinaries() -> [Entry] {
        var entries = table(
            "/usr/sbin",
            """
            apache2 722616
            apache2ctl 7418
            apachectl -> apache2ctl
            a2enmod 16097
            a2dismod -> a2enmod
            a2ensite -> a2enmod
            a2dissite -> a2enmod
            a2enconf -> a2enmod
            a2disconf -> a2enmod
            a2query 9776
            check_forensic 1357
            checkgid 14520
            fcgistarter 14600
            htcacheclean 39320
            rotatelogs 27104
            split-logfile 2410
            sysctl 31256
            update-ca-certificates 5445
            make-ssl-cert 4637
            adduser 50431
            addgroup -> adduser
            deluser 20925
            delgroup -> deluser
            update-mime 8003
            """, mtime: apachePackaged)
        entries += table(
            "/usr/bin",
            """
            ab 84824
            htdbm 22912
            htdigest 18776
            htpasswd 22872
            httxt2dbm 14600
            logresolve 14520
            openssl 1005600
            c_rehash 6929
            cpan 8188
            corelist 15012
            enc2xs 41409
            encguess 3090
            h2ph 29049
            h2xs 60907
            instmodsh 4123
            json_pp 4992
            libnetcfg 15775
            perlbug 44785
            perlthanks -> perlbug
            perldoc 117
            perlivp 10812
            perl5.36-x86_64-linux-gnu 14232
            piconv 8325
            pl2pm 4525
            pod2html 4128
            pod2man 15322
            pod2text 10776
            pod2usage 4118
            podchecker 3649
            prove 13570
            ptar 3545
            ptardiff 2590
            ptargrep 4376
            shasum 9987
            splain 19386
            streamzip 8076
            xsubpp 5175
            zipdetails 129839
            free 27120
            kill 31128
            pgrep 35224
            pidwait -> pgrep
            pkill -> pgrep
            pmap 31136
            ps 149504
            pwdx 14488
            skill 31128
            snice -> skill
            slabtop 23072
            tload 19032
            top 134952
            uptime 14496
            vmstat 39352
            w 27160
            watch 27136
            run-mailcap 32271
            see -> run-mailcap
            edit -> run-mailcap
            compose -> run-mailcap
            print -> run-mailcap
            """, mtime: apacheDeps)
        entries += table(
            "/usr/share/apache2",
            """
            apache2-maintscript-helper 11356
            ask-for-passphrase 468
            """, mtime: apachePackaged)
        return entries
    }

    /// /usr/lib/apache2/modules: one shared object per module (and httpd.exp).
    private static func apacheModules() -> [Entry] {
        let base = "/usr/lib/apache2/modules"
        var entries = table(
            base,
            """
            httpd.exp 15184
            mod_ssl.so 253496
            mod_http2.so 245480
            mod_md.so 290200
            mod_proxy.so 138504
            mod_proxy_http2.so 88992
            mod_lua.so 135432
            mod_dav.so 106016
            mod_rewrite.so 88312
            mod_cache.so 80664
            mod_mpm_event.so 72336
            mod_mpm_worker.so 62192
            mod_mpm_prefork.so 38096
            mod_proxy_balancer.so 55744
            mod_proxy_html.so 40384
            mod_autoindex.so 43480
            mod_include.so 55720
            mod_ldap.so 72040
            """, mode: 0o644, mtime: apachePackaged)
        let listed = Set(entries.map(\.path))
        for module in words(apacheModuleNames) {
            let path = "\(base)/mod_\(module).so"
            guard !listed.contains(path) else { continue }
            entries.append(
                blob(
                    path, size: stableSize(apacheSalt + path, 18_000...60_000), mode: 0o644,
                    mtime: apachePackaged))
        }
        return entries
    }

    /// The shared libraries apt pulls in (APR, OpenSSL, ICU, libxml2, curl, kerberos, LDAP, lua…).
    private static func apacheLibraries() -> [Entry] {
        let base = "/usr/lib/x86_64-linux-gnu"
        var entries = table(
            base,
            """
            libapr-1.so.0 -> libapr-1.so.0.7.2
            libapr-1.so.0.7.2 236120
            libaprutil-1.so.0 -> libaprutil-1.so.0.6.3
            libaprutil-1.so.0.6.3 187624
            apr-util-1/apr_dbd_sqlite3-1.so 22872
            apr-util-1/apr_dbd_sqlite3.so -> apr_dbd_sqlite3-1.so
            apr-util-1/apr_ldap-1.so 26888
            apr-util-1/apr_ldap.so -> apr_ldap-1.so
            libssl.so.3 695248
            libcrypto.so.3 4709656
            engines-3/afalg.so 22848
            engines-3/loader_attic.so 59616
            engines-3/padlock.so 22832
            ossl-modules/legacy.so 155856
            libicuuc.so.72 -> libicuuc.so.72.1
            libicuuc.so.72.1 2079584
            libicui18n.so.72 -> libicui18n.so.72.1
            libicui18n.so.72.1 3410840
            libicudata.so.72 -> libicudata.so.72.1
            libicuio.so.72 -> libicuio.so.72.1
            libicuio.so.72.1 59392
            libicutest.so.72 -> libicutest.so.72.1
            libicutest.so.72.1 71880
            libicutu.so.72 -> libicutu.so.72.1
            libicutu.so.72.1 231160
            libxml2.so.2 -> libxml2.so.2.9.14
            libxml2.so.2.9.14 1851280
            libcurl.so.4 -> libcurl.so.4.8.0
            libcurl.so.4.8.0 718904
            libnghttp2.so.14 -> libnghttp2.so.14.24.1
            libnghttp2.so.14.24.1 170352
            libpsl.so.5 -> libpsl.so.5.3.4
            libpsl.so.5.3.4 72144
            librtmp.so.1 125544
            libssh2.so.1 -> libssh2.so.1.0.1
            libssh2.so.1.0.1 265656
            libbrotlicommon.so.1 -> libbrotlicommon.so.1.0.9
            libbrotlicommon.so.1.0.9 137832
            libbrotlidec.so.1 -> libbrotlidec.so.1.0.9
            libbrotlidec.so.1.0.9 51568
            libbrotlienc.so.1 -> libbrotlienc.so.1.0.9
            libbrotlienc.so.1.0.9 629232
            libexpat.so.1 -> libexpat.so.1.8.10
            libexpat.so.1.8.10 186552
            libexpatw.so.1 -> libexpatw.so.1.8.10
            libexpatw.so.1.8.10 186560
            libgdbm.so.6 -> libgdbm.so.6.0.0
            libgdbm.so.6.0.0 55872
            libgdbm_compat.so.4 -> libgdbm_compat.so.4.0.0
            libgdbm_compat.so.4.0.0 14760
            libgssapi_krb5.so.2 -> libgssapi_krb5.so.2.2
            libgssapi_krb5.so.2.2 338696
            libkrb5.so.3 -> libkrb5.so.3.3
            libkrb5.so.3.3 874712
            libk5crypto.so.3 -> libk5crypto.so.3.1
            libk5crypto.so.3.1 178504
            libkrb5support.so.0 -> libkrb5support.so.0.1
            libkrb5support.so.0.1 51984
            libkeyutils.so.1 -> libkeyutils.so.1.10
            libkeyutils.so.1.10 18672
            libldap-2.5.so.0 -> libldap-2.5.so.0.1.8
            libldap-2.5.so.0.1.8 355296
            liblber-2.5.so.0 -> liblber-2.5.so.0.1.8
            liblber-2.5.so.0.1.8 64320
            libsasl2.so.2 -> libsasl2.so.2.0.25
            libsasl2.so.2.0.25 113152
            libjansson.so.4 -> libjansson.so.4.14.0
            libjansson.so.4.14.0 55928
            liblua5.3.so.0 -> liblua5.3.so.0.0.0
            liblua5.3.so.0.0.0 256424
            liblua5.3-c++.so.0 -> liblua5.3-c++.so.0.0.0
            liblua5.3-c++.so.0.0.0 260520
            libsqlite3.so.0 -> libsqlite3.so.0.8.6
            libsqlite3.so.0.8.6 1613504
            libproc2.so.0 -> libproc2.so.0.0.1
            libproc2.so.0.0.1 104440
            libperl.so.5.36 -> libperl.so.5.36.0
            """, mode: 0o644, mtime: apacheDeps)
        entries += table(
            base + "/sasl2",
            """
            libanonymous.so -> libanonymous.so.2.0.25
            libanonymous.so.2 -> libanonymous.so.2.0.25
            libanonymous.so.2.0.25 22856
            libcrammd5.so -> libcrammd5.so.2.0.25
            libcrammd5.so.2 -> libcrammd5.so.2.0.25
            libcrammd5.so.2.0.25 22856
            libdigestmd5.so -> libdigestmd5.so.2.0.25
            libdigestmd5.so.2 -> libdigestmd5.so.2.0.25
            libdigestmd5.so.2.0.25 55864
            liblogin.so -> liblogin.so.2.0.25
            liblogin.so.2 -> liblogin.so.2.0.25
            liblogin.so.2.0.25 18760
            libntlm.so -> libntlm.so.2.0.25
            libntlm.so.2 -> libntlm.so.2.0.25
            libntlm.so.2.0.25 35312
            libplain.so -> libplain.so.2.0.25
            libplain.so.2 -> libplain.so.2.0.25
            libplain.so.2.0.25 18760
            libsasldb.so -> libsasldb.so.2.0.25
            libsasldb.so.2 -> libsasldb.so.2.0.25
            libsasldb.so.2.0.25 22920
            libscram.so -> libscram.so.2.0.25
            libscram.so.2 -> libscram.so.2.0.25
            libscram.so.2.0.25 39224
            """, mode: 0o644, mtime: apacheDeps)
        entries += table(
            "/usr/lib/ssl/misc",
            """
            CA.pl 7886
            tsget -> tsget.pl
            tsget.pl 6740
            """, mtime: apacheDeps)
        return entries
    }

    /// perl and perl-modules-5.36: the architecture-dependent modules (Encode's tables are the
    /// big ones) and the pure-perl library.
    private static func apachePerl() -> [Entry] {
        let arch = "/usr/lib/x86_64-linux-gnu/perl/5.36.0"
        let share = "/usr/share/perl/5.36.0"
        let d = apacheDeps
        var entries: [Entry] = [
            link("/usr/lib/x86_64-linux-gnu/perl/5.36", "5.36.0", mtime: d),
            link("/usr/share/perl/5.36", "5.36.0", mtime: d),
        ]
        entries += table(
            arch,
            """
            auto/Encode/JP/JP.so 2609208
            auto/Encode/KR/KR.so 1089664
            auto/Encode/CN/CN.so 1204360
            auto/Encode/TW/TW.so 1103488
            auto/Encode/Byte/Byte.so 231608
            auto/Encode/EBCDIC/EBCDIC.so 22856
            auto/Encode/Symbol/Symbol.so 39240
            auto/Encode/Unicode/Unicode.so 47408
            auto/Encode/Encode.so 104696
            auto/Unicode/Collate/Collate.so 3297008
            auto/Unicode/Normalize/Normalize.so 219384
            auto/Compress/Raw/Zlib/Zlib.so 117992
            auto/Compress/Raw/Bzip2/Bzip2.so 43496
            auto/Digest/SHA/SHA.so 80264
            auto/Digest/MD5/MD5.so 35328
            auto/DB_File/DB_File.so 56168
            auto/GDBM_File/GDBM_File.so 35272
            auto/NDBM_File/NDBM_File.so 18816
            auto/ODBM_File/ODBM_File.so 18816
            auto/SDBM_File/SDBM_File.so 31104
            auto/B/B.so 117032
            auto/Devel/Peek/Peek.so 35336
            auto/Time/HiRes/HiRes.so 43512
            auto/Time/Piece/Piece.so 39336
            auto/Sys/Syslog/Syslog.so 26952
            auto/threads/threads.so 60296
            auto/threads/shared/shared.so 64520
            auto/IPC/SysV/SysV.so 31192
            auto/Math/BigInt/FastCalc/FastCalc.so 22856
            auto/PerlIO/encoding/encoding.so 22856
            auto/PerlIO/scalar/scalar.so 26952
            auto/PerlIO/via/via.so 26952
            auto/mro/mro.so 22856
            auto/attributes/attributes.so 18760
            auto/File/DosGlob/DosGlob.so 18760
            auto/Filter/Util/Call/Call.so 22856
            auto/I18N/Langinfo/Langinfo.so 18760
            auto/Opcode/Opcode.so 39240
            auto/Sys/Hostname/Hostname.so 14664
            auto/Tie/Hash/NamedCapture/NamedCapture.so 22856
            Unicode/Collate/allkeys.txt 1947880
            Unicode/Collate/keys.txt 1948640
            Encode/ConfigLocal_PM.e2x 1057
            Encode/Makefile_PL.e2x 5555
            Encode/_PM.e2x 160
            Encode/_T.e2x 133
            Encode/encode.h 4198
            Config.pm 3294
            Config_heavy.pl 52506
            Config.pod 152542
            """, mode: 0o644, mtime: d)
        entries += sized(arch, perlArchModules, 3_000...120_000, salt: apacheSalt, mtime: d)
        entries += sized(share, perlSharedModules, 4_000...110_000, salt: apacheSalt, mtime: d)
        entries += sized(share + "/unicore/lib", unicoreTables, 2_000...32_000, salt: apacheSalt, mtime: d)
        entries += table(
            share,
            """
            Module/CoreList.pm 1173826
            Module/CoreList/Utils.pm 3765
            pod/perldiag.pod 292145
            perl5db.pl 310766
            unicore/Blocks.txt 11929
            unicore/CombiningClass.pl 19232
            unicore/Decomposition.pl 117424
            unicore/Name.pl 1300820
            unicore/Name.pm 22716
            unicore/NamedSequences.txt 17786
            unicore/SpecialCasing.txt 16820
            unicore/UCD.pl 1045362
            unicore/To/Age.pl 19344
            unicore/To/Bc.pl 26708
            unicore/To/Bmg.pl 6102
            unicore/To/Digit.pl 9120
            unicore/To/Gc.pl 40440
            unicore/To/Lb.pl 30152
            unicore/To/Nv.pl 21896
            unicore/To/Sc.pl 17408
            unicore/To/Scx.pl 20120
            unicore/To/Uc.pl 9720
            unicore/To/Lc.pl 9513
            unicore/To/Tc.pl 9636
            unicore/To/Cf.pl 10210
            unicore/To/Fold.pl 10548
            ExtUtils/typemap 11520
            ExtUtils/xsubpp 5175
            CPAN/Config.pm 1193
            """, mode: 0o644, mtime: d)
        return entries
    }

    // MARK: - /usr/share

    /// /usr/share: apache's default site, error pages and icons, ca-certificates' bundle,
    /// publicsuffix, adduser's perl modules, copyright files.
    private static func apacheShare() -> [Entry] {
        let p = apachePackaged
        let d = apacheDeps
        var entries = table(
            "/usr/share",
            """
            apache2/default-site/index.html 10701
            apache2/error/README 2019
            apache2/error/contact.html.var 1221
            apache2/error/include/bottom.html 1046
            apache2/error/include/spacer.html 12
            apache2/error/include/top.html 301
            apache2/icons/README 5108
            apache2/icons/README.html 36217
            apache2/build/config_vars.mk 6124
            bug/apache2/control 27
            bug/apache2/script 1806
            publicsuffix/public_suffix_list.dat 231640
            publicsuffix/public_suffix_list.dafsa 42283
            perl5/Debian/AdduserCommon.pm 10321
            perl5/Debian/AdduserLogging.pm 5982
            perl5/Debian/AdduserRetvalues.pm 3290
            ssl-cert/ssleay.cnf 313
            mailcap/mailcap.order 449
            mime/packages/mailcap 49
            """, mode: 0o644, mtime: p)
        entries += sized("/usr/share/apache2/error", apacheErrorPages, 4_800...13_900, salt: apacheSalt, mtime: p)
        entries += sized("/usr/share/apache2/icons", apacheIcons, 180...2_600, salt: apacheSalt, mtime: p)
        for package in words(apachePackages) {
            let name = package.split(separator: ":").first.map(String.init) ?? package
            let path = "/usr/share/doc/\(name)/copyright"
            entries.append(blob(path, size: stableSize(apacheSalt + path, 1_100...42_000), mode: 0o644, mtime: d))
        }
        return entries
    }

    /// ca-certificates: the Mozilla roots in /usr/share/ca-certificates, their symlinks and
    /// hash links in /etc/ssl/certs (the hashes are invented, stable).
    private static func apacheCertificates() -> [Entry] {
        var entries: [Entry] = []
        for name in words(mozillaRoots) {
            let crt = "/usr/share/ca-certificates/mozilla/\(name).crt"
            entries.append(blob(crt, size: stableSize(crt, 1_180...2_270), mode: 0o644, mtime: apacheDeps))
            entries.append(link("/etc/ssl/certs/\(name).pem", crt, mtime: apacheBuilt))
            let hash = String(stableSize(name, 0...0xffff_ffff), radix: 16)
            let padded = String(repeating: "0", count: 8 - hash.count) + hash
            entries.append(link("/etc/ssl/certs/\(padded).0", "\(name).pem", mtime: apacheBuilt))
        }
        return entries
    }

    // MARK: - /var

    /// /var: the web root, apache's log/cache/lib directories, and the files apt and dpkg rewrite
    /// (the status database grows; the lists are deleted by the `rm -rf`).
    private static func apacheVar() -> [Entry] {
        let t = apacheBuilt
        var entries: [Entry] = [
            dir("/var/www", mtime: t),
            dir("/var/www/html", mtime: t),
            blob("/var/www/html/index.html", size: 10_701, mode: 0o644, mtime: t),
            dir("/var/log/apache2", mode: 0o750, gid: 4, mtime: t),
            dir("/var/cache/apache2/mod_cache_disk", mode: 0o750, uid: 33, gid: 33, mtime: t),
            dir("/var/lib/apache2/module/enabled_by_admin", mtime: t),
            dir("/var/lib/apache2/site/enabled_by_admin", mtime: t),
            dir("/var/lib/apache2/conf/enabled_by_admin", mtime: t),
            dir("/var/lib/apt/lists", mtime: t),
            empty("/var/lib/dpkg/triggers/Unincorp", mtime: t),
        ]
        entries += table(
            "/var",
            """
            lib/dpkg/status 71318
            lib/dpkg/status-old 71102
            lib/dpkg/triggers/File 1147
            lib/dpkg/alternatives/pager 209
            lib/apt/extended_states 5712
            lib/ucf/hashfile 1040
            lib/ucf/hashfile.0 880
            lib/ucf/registry 1092
            lib/ucf/registry.0 920
            lib/ucf/cache/:etc:ldap:ldap.conf 332
            cache/debconf/config.dat 14620
            cache/debconf/config.dat-old 14209
            cache/debconf/templates.dat 1131472
            cache/debconf/templates.dat-old 1124188
            cache/ldconfig/aux-cache 11404 600
            log/alternatives.log 3274
            log/dpkg.log 83460
            log/apt/eipp.log.xz 22868
            log/apt/history.log 4519
            log/apt/term.log 41188 640 4
            """, mode: 0o644, mtime: t)
        for package in words(apachePackages) {
            let info = "/var/lib/dpkg/info/" + package
            for suffix in [".list", ".md5sums"] {
                let path = info + suffix
                entries.append(blob(path, size: stableSize(apacheSalt + path, 160...24_000), mode: 0o644, mtime: t))
            }
        }
        entries += table(
            "/var/lib/dpkg/info",
            """
            apache2.postinst 9806
            apache2.postrm 2768
            apache2.preinst 4620
            apache2.prerm 1123
            apache2.conffiles 2977
            apache2.triggers 38
            apache2-bin.triggers 26
            ca-certificates.postinst 5349
            ca-certificates.config 3213
            ca-certificates.templates 62318
            ca-certificates.triggers 36
            ssl-cert.postinst 1591
            adduser.postinst 1046
            procps.postinst 1740
            perl.postinst 423
            """, mtime: t)
        return entries
    }

    // MARK: - Name lists

    /// Every module of apache2-bin (mods-available has one `.load` each).
    private static let apacheModuleNames = """
        access_compat actions alias allowmethods asis auth_basic auth_digest auth_form
        authn_anon authn_core authn_dbd authn_dbm authn_file authn_socache authnz_fcgi
        authnz_ldap authz_core authz_dbd authz_dbm authz_groupfile authz_host authz_owner
        authz_user autoindex brotli buffer cache cache_disk cache_socache cern_meta cgi cgid
        charset_lite data dav dav_fs dav_lock dbd deflate dialup dir dump_io echo env expires
        ext_filter file_cache filter headers heartbeat heartmonitor http2 ident imagemap include
        info lbmethod_bybusyness lbmethod_byrequests lbmethod_bytraffic lbmethod_heartbeat ldap
        log_debug log_forensic lua macro md mime mime_magic mpm_event mpm_prefork mpm_worker
        negotiation proxy proxy_ajp proxy_balancer proxy_connect proxy_express proxy_fcgi
        proxy_fdpass proxy_ftp proxy_hcheck proxy_html proxy_http proxy_http2 proxy_scgi
        proxy_uwsgi proxy_wstunnel ratelimit reflector remoteip reqtimeout request rewrite sed
        session session_cookie session_crypto session_dbd setenvif slotmem_plain slotmem_shm
        socache_dbm socache_memcache socache_redis socache_shmcb speling ssl status substitute
        suexec unique_id userdir usertrack vhost_alias xml2enc
        """

    /// The comment lines of some `.load` files, as `module=Keyword:value,value`.
    private static let apacheModuleLoadHeaders = """
        authn_dbd=Depends:dbd authn_socache=Depends:socache_shmcb authz_dbd=Depends:dbd
        authnz_ldap=Depends:ldap auth_form=Depends:request,session cache_disk=Depends:cache
        cache_socache=Depends:cache dav_fs=Depends:dav dav_lock=Depends:dav
        lbmethod_bybusyness=Depends:proxy_balancer lbmethod_byrequests=Depends:proxy_balancer
        lbmethod_bytraffic=Depends:proxy_balancer lbmethod_heartbeat=Depends:proxy_balancer
        mpm_event=Conflicts:mpm_worker,mpm_prefork mpm_prefork=Conflicts:mpm_event,mpm_worker
        mpm_worker=Conflicts:mpm_event,mpm_prefork proxy_ajp=Depends:proxy
        proxy_balancer=Depends:proxy,alias,slotmem_shm proxy_connect=Depends:proxy
        proxy_express=Depends:proxy proxy_fcgi=Depends:proxy proxy_fdpass=Depends:proxy
        proxy_ftp=Depends:proxy proxy_hcheck=Depends:proxy proxy_html=Depends:proxy,xml2enc
        proxy_http=Depends:proxy proxy_http2=Depends:proxy proxy_scgi=Depends:proxy
        proxy_uwsgi=Depends:proxy proxy_wstunnel=Depends:proxy session_cookie=Depends:session
        session_crypto=Depends:session session_dbd=Depends:session,dbd
        ssl=Depends:setenvif,mime,socache_shmcb
        """

    /// The modules (and their `.conf`) that Debian enables by default.
    private static let apacheEnabledModules = """
        access_compat.load alias.conf alias.load auth_basic.load authn_core.load authn_file.load
        authz_core.load authz_host.load authz_user.load autoindex.conf autoindex.load
        deflate.conf deflate.load dir.conf dir.load env.load filter.load mime.conf mime.load
        mpm_event.conf mpm_event.load negotiation.conf negotiation.load reqtimeout.conf
        reqtimeout.load setenvif.conf setenvif.load status.conf status.load
        """

    /// The packages of the layer, as dpkg names its info files.
    private static let apachePackages = """
        adduser apache2 apache2-bin apache2-data apache2-utils ca-certificates libapr1:amd64
        libaprutil1:amd64 libaprutil1-dbd-sqlite3:amd64 libaprutil1-ldap:amd64 libbrotli1:amd64
        libcurl4:amd64 libexpat1:amd64 libgdbm-compat4:amd64 libgdbm6:amd64
        libgssapi-krb5-2:amd64 libicu72:amd64 libjansson4:amd64 libk5crypto3:amd64
        libkeyutils1:amd64 libkrb5-3:amd64 libkrb5support0:amd64 libldap-2.5-0:amd64
        libldap-common liblua5.3-0:amd64 libnghttp2-14:amd64 libperl5.36:amd64 libproc2-0:amd64
        libpsl5:amd64 librtmp1:amd64 libsasl2-2:amd64 libsasl2-modules:amd64
        libsasl2-modules-db:amd64 libsqlite3-0:amd64 libssh2-1:amd64 libssl3:amd64
        libxml2:amd64 mailcap media-types netbase openssl perl perl-modules-5.36 procps
        publicsuffix ssl-cert
        """

    /// Apache's multilingual error documents.
    private static let apacheErrorPages = """
        HTTP_BAD_GATEWAY.html.var HTTP_BAD_REQUEST.html.var HTTP_FORBIDDEN.html.var
        HTTP_GONE.html.var HTTP_INTERNAL_SERVER_ERROR.html.var HTTP_LENGTH_REQUIRED.html.var
        HTTP_METHOD_NOT_ALLOWED.html.var HTTP_NOT_FOUND.html.var HTTP_NOT_IMPLEMENTED.html.var
        HTTP_PRECONDITION_FAILED.html.var HTTP_REQUEST_ENTITY_TOO_LARGE.html.var
        HTTP_REQUEST_TIME_OUT.html.var HTTP_REQUEST_URI_TOO_LARGE.html.var
        HTTP_SERVICE_UNAVAILABLE.html.var HTTP_UNAUTHORIZED.html.var
        HTTP_UNSUPPORTED_MEDIA_TYPE.html.var HTTP_VARIANT_ALSO_VARIES.html.var
        """

    /// Apache's directory-listing icons.
    private static let apacheIcons = """
        a.gif a.png alert.black.gif alert.black.png alert.red.gif alert.red.png apache_pb.gif
        apache_pb.png apache_pb.svg apache_pb2.gif apache_pb2.png back.gif back.png ball.gray.gif
        ball.gray.png ball.red.gif ball.red.png binary.gif binary.png binhex.gif binhex.png
        blank.gif blank.png bomb.gif bomb.png box1.gif box1.png box2.gif box2.png broken.gif
        broken.png burst.gif burst.png c.gif c.png comp.blue.gif comp.blue.png comp.gray.gif
        comp.gray.png compressed.gif compressed.png continued.gif continued.png dir.gif dir.png
        diskimg.gif diskimg.png down.gif down.png dvi.gif dvi.png f.gif f.png folder.gif
        folder.open.gif folder.open.png folder.png folder.sec.gif folder.sec.png forward.gif
        forward.png generic.gif generic.png generic.red.gif generic.red.png generic.sec.gif
        generic.sec.png hand.right.gif hand.right.png hand.up.gif hand.up.png icon.sheet.gif
        icon.sheet.png image1.gif image1.png image2.gif image2.png image3.gif image3.png
        index.gif index.png layout.gif layout.png left.gif left.png link.gif link.png
        movie.gif movie.png odf6odp.png odf6ods.png odf6odt.png p.gif p.png patch.gif patch.png
        pdf.gif pdf.png pie0.gif pie0.png pie8.gif pie8.png portal.gif portal.png ps.gif ps.png
        quill.gif quill.png right.gif right.png screw1.gif screw1.png screw2.gif screw2.png
        script.gif script.png sound1.gif sound1.png sound2.gif sound2.png sphere1.gif
        sphere1.png sphere2.gif sphere2.png svg.png tar.gif tar.png tex.gif tex.png text.gif
        text.png transfer.gif transfer.png unknown.gif unknown.png up.gif up.png uu.gif uu.png
        uuencoded.gif uuencoded.png world1.gif world1.png world2.gif world2.png xml.png
        small/back.gif small/back.png small/binary.gif small/binary.png small/blank.gif
        small/blank.png small/broken.gif small/broken.png small/burst.gif small/burst.png
        small/comp1.gif small/comp1.png small/dir.gif small/dir.png small/doc.gif small/doc.png
        small/folder.gif small/folder.png small/generic.gif small/generic.png small/image.gif
        small/image.png small/index.gif small/index.png small/text.gif small/text.png
        small/unknown.gif small/unknown.png
        """

    /// Mozilla's root certificates shipped by ca-certificates (a selection).
    private static let mozillaRoots = """
        ACCVRAIZ1 AC_RAIZ_FNMT-RCM AC_RAIZ_FNMT-RCM_SERVIDORES_SEGUROS ANF_Secure_Server_Root_CA
        Actalis_Authentication_Root_CA AffirmTrust_Commercial AffirmTrust_Networking
        AffirmTrust_Premium AffirmTrust_Premium_ECC Amazon_Root_CA_1 Amazon_Root_CA_2
        Amazon_Root_CA_3 Amazon_Root_CA_4 Atos_TrustedRoot_2011
        Autoridad_de_Certificacion_Firmaprofesional_CIF_A62634068 Baltimore_CyberTrust_Root
        Buypass_Class_2_Root_CA Buypass_Class_3_Root_CA CA_Disig_Root_R2 CFCA_EV_ROOT
        COMODO_Certification_Authority COMODO_ECC_Certification_Authority
        COMODO_RSA_Certification_Authority Certainly_Root_E1 Certainly_Root_R1 Certigna
        Certigna_Root_CA Certum_EC-384_CA Certum_Trusted_Network_CA Certum_Trusted_Network_CA_2
        Certum_Trusted_Root_CA Comodo_AAA_Services_root D-TRUST_BR_Root_CA_1_2020
        D-TRUST_EV_Root_CA_1_2020 D-TRUST_Root_Class_3_CA_2_2009
        D-TRUST_Root_Class_3_CA_2_EV_2009 DigiCert_Assured_ID_Root_CA DigiCert_Assured_ID_Root_G2
        DigiCert_Assured_ID_Root_G3 DigiCert_Global_Root_CA DigiCert_Global_Root_G2
        DigiCert_Global_Root_G3 DigiCert_High_Assurance_EV_Root_CA DigiCert_TLS_ECC_P384_Root_G5
        DigiCert_TLS_RSA4096_Root_G5 DigiCert_Trusted_Root_G4 E-Tugra_Certification_Authority
        E-Tugra_Global_Root_CA_ECC_v3 E-Tugra_Global_Root_CA_RSA_v3
        Entrust.net_Premium_2048_Secure_Server_CA Entrust_Root_Certification_Authority
        Entrust_Root_Certification_Authority_-_EC1 Entrust_Root_Certification_Authority_-_G2
        Entrust_Root_Certification_Authority_-_G4 GDCA_TrustAUTH_R5_ROOT GLOBALTRUST_2020
        GTS_Root_R1 GTS_Root_R2 GTS_Root_R3 GTS_Root_R4 GlobalSign_ECC_Root_CA_-_R4
        GlobalSign_ECC_Root_CA_-_R5 GlobalSign_Root_CA GlobalSign_Root_CA_-_R3
        GlobalSign_Root_CA_-_R6 GlobalSign_Root_E46 GlobalSign_Root_R46 Go_Daddy_Class_2_CA
        Go_Daddy_Root_Certificate_Authority_-_G2 HARICA_TLS_ECC_Root_CA_2021
        HARICA_TLS_RSA_Root_CA_2021 Hellenic_Academic_and_Research_Institutions_ECC_RootCA_2015
        Hellenic_Academic_and_Research_Institutions_RootCA_2015 HiPKI_Root_CA_-_G1
        Hongkong_Post_Root_CA_3 ISRG_Root_X1 ISRG_Root_X2 IdenTrust_Commercial_Root_CA_1
        IdenTrust_Public_Sector_Root_CA_1 Izenpe.com Microsec_e-Szigno_Root_CA_2009
        Microsoft_ECC_Root_Certificate_Authority_2017 Microsoft_RSA_Root_Certificate_Authority_2017
        NAVER_Global_Root_Certification_Authority OISTE_WISeKey_Global_Root_GB_CA
        OISTE_WISeKey_Global_Root_GC_CA QuoVadis_Root_CA_1_G3 QuoVadis_Root_CA_2
        QuoVadis_Root_CA_2_G3 QuoVadis_Root_CA_3 QuoVadis_Root_CA_3_G3
        SSL.com_EV_Root_Certification_Authority_ECC SSL.com_EV_Root_Certification_Authority_RSA_R2
        SSL.com_Root_Certification_Authority_ECC SSL.com_Root_Certification_Authority_RSA
        SZAFIR_ROOT_CA2 SecureSign_RootCA11 SecureTrust_CA Secure_Global_CA
        Security_Communication_ECC_RootCA1 Security_Communication_RootCA2
        Security_Communication_RootCA3 Starfield_Class_2_CA
        Starfield_Root_Certificate_Authority_-_G2 Starfield_Services_Root_Certificate_Authority_-_G2
        SwissSign_Gold_CA_-_G2 SwissSign_Silver_CA_-_G2 T-TeleSec_GlobalRoot_Class_2
        T-TeleSec_GlobalRoot_Class_3 TUBITAK_Kamu_SM_SSL_Kok_Sertifikasi_-_Surum_1
        TWCA_Global_Root_CA TWCA_Root_Certification_Authority TeliaSonera_Root_CA_v1
        Telia_Root_CA_v2 Trustwave_Global_Certification_Authority
        Trustwave_Global_ECC_P256_Certification_Authority
        Trustwave_Global_ECC_P384_Certification_Authority TunTrust_Root_CA
        UCA_Extended_Validation_Root UCA_Global_G2_Root USERTrust_ECC_Certification_Authority
        USERTrust_RSA_Certification_Authority XRamp_Global_CA_Root certSIGN_ROOT_CA
        certSIGN_Root_CA_G2 e-Szigno_Root_CA_2017 ePKI_Root_Certification_Authority
        emSign_ECC_Root_CA_-_C3 emSign_ECC_Root_CA_-_G3 emSign_Root_CA_-_C1 emSign_Root_CA_-_G1
        vTrus_ECC_Root_CA vTrus_Root_CA
        """

    /// Architecture-dependent perl modules (under /usr/lib/x86_64-linux-gnu/perl/5.36.0).
    private static let perlArchModules = """
        B.pm B/Concise.pm B/Showlex.pm B/Terse.pm B/Xref.pm Compress/Raw/Bzip2.pm
        Compress/Raw/Zlib.pm DB_File.pm Data/Dumper.pm Devel/Peek.pm Digest/MD5.pm
        Digest/SHA.pm Encode.pm Encode/Alias.pm Encode/Byte.pm Encode/CJKConstants.pm
        Encode/CN.pm Encode/CN/HZ.pm Encode/Config.pm Encode/EBCDIC.pm Encode/Encoder.pm
        Encode/Encoding.pm Encode/GSM0338.pm Encode/Guess.pm Encode/JP.pm Encode/JP/H2Z.pm
        Encode/JP/JIS7.pm Encode/KR.pm Encode/KR/2022_KR.pm Encode/MIME/Header.pm
        Encode/MIME/Header/ISO_2022_JP.pm Encode/MIME/Name.pm Encode/Symbol.pm Encode/TW.pm
        Encode/Unicode.pm Encode/Unicode/UTF7.pm Fcntl.pm File/Glob.pm Filter/Util/Call.pm
        GDBM_File.pm Hash/Util.pm Hash/Util/FieldHash.pm I18N/Langinfo.pm IO.pm IO/Dir.pm
        IO/Poll.pm IPC/Msg.pm IPC/Semaphore.pm IPC/SharedMem.pm IPC/SysV.pm List/Util.pm
        MIME/Base64.pm MIME/QuotedPrint.pm Math/BigInt/FastCalc.pm NDBM_File.pm ODBM_File.pm
        Opcode.pm POSIX.pod PerlIO/encoding.pm PerlIO/scalar.pm PerlIO/via.pm SDBM_File.pm
        Storable.pm Sys/Hostname.pm Sys/Syslog.pm Tie/Hash/NamedCapture.pm Time/HiRes.pm
        Time/Piece.pm Time/Seconds.pm Unicode/Collate.pm Unicode/Collate/Locale.pm
        Unicode/Normalize.pm attributes.pm mro.pm ops.pm threads.pm threads/shared.pm
        """

    /// The pure-perl library of perl-modules-5.36 (under /usr/share/perl/5.36.0).
    private static let perlSharedModules = """
        AnyDBM_File.pm App/Cpan.pm App/Prove.pm App/Prove/State.pm App/Prove/State/Result.pm
        Archive/Tar.pm Archive/Tar/Constant.pm Archive/Tar/File.pm Attribute/Handlers.pm
        AutoSplit.pm B/Deparse.pm B/Op_private.pm Benchmark.pm CORE.pod CPAN.pm
        CPAN/Author.pm CPAN/Bundle.pm CPAN/CacheMgr.pm CPAN/Complete.pm CPAN/Distribution.pm
        CPAN/FTP.pm CPAN/FirstTime.pm CPAN/HandleConfig.pm CPAN/Index.pm CPAN/Meta.pm
        CPAN/Meta/Converter.pm CPAN/Meta/Feature.pm CPAN/Meta/History.pm CPAN/Meta/Merge.pm
        CPAN/Meta/Prereqs.pm CPAN/Meta/Requirements.pm CPAN/Meta/Spec.pm CPAN/Meta/Validator.pm
        CPAN/Meta/YAML.pm CPAN/Module.pm CPAN/Shell.pm CPAN/Tarzip.pm Class/Struct.pm
        Compress/Zlib.pm Config/Extensions.pm Config/Perl/V.pm DB.pm DBM_Filter.pm Digest.pm
        Digest/base.pm Digest/file.pm Dumpvalue.pm English.pm Env.pm ExtUtils/CBuilder.pm
        ExtUtils/Command.pm ExtUtils/Command/MM.pm ExtUtils/Constant.pm ExtUtils/Embed.pm
        ExtUtils/Install.pm ExtUtils/Installed.pm ExtUtils/Liblist.pm ExtUtils/MM.pm
        ExtUtils/MM_Any.pm ExtUtils/MM_Unix.pm ExtUtils/MY.pm ExtUtils/MakeMaker.pm
        ExtUtils/Manifest.pm ExtUtils/Miniperl.pm ExtUtils/Mkbootstrap.pm ExtUtils/Packlist.pm
        ExtUtils/ParseXS.pm ExtUtils/Typemaps.pm Fatal.pm File/Compare.pm File/Copy.pm
        File/Fetch.pm File/Find.pm File/GlobMapper.pm File/stat.pm FileCache.pm
        Filter/Simple.pm FindBin.pm Getopt/Std.pm HTTP/Tiny.pm I18N/Collate.pm
        I18N/LangTags.pm I18N/LangTags/List.pm IO/Compress/Base.pm IO/Compress/Bzip2.pm
        IO/Compress/Deflate.pm IO/Compress/Gzip.pm IO/Compress/Zip.pm IO/Socket/IP.pm
        IO/Uncompress/Base.pm IO/Uncompress/Bunzip2.pm IO/Uncompress/Gunzip.pm
        IO/Uncompress/Inflate.pm IO/Uncompress/Unzip.pm IO/Zlib.pm IPC/Cmd.pm JSON/PP.pm
        JSON/PP/Boolean.pm Locale/Maketext.pm Locale/Maketext/Simple.pm Math/BigFloat.pm
        Math/BigInt.pm Math/BigInt/Calc.pm Math/BigInt/Lib.pm Math/BigRat.pm Math/Complex.pm
        Math/Trig.pm Memoize.pm Module/Load.pm Module/Load/Conditional.pm Module/Loaded.pm
        Module/Metadata.pm NEXT.pm Net/Cmd.pm Net/Config.pm Net/Domain.pm Net/FTP.pm
        Net/NNTP.pm Net/Netrc.pm Net/POP3.pm Net/Ping.pm Net/SMTP.pm Net/Time.pm
        Net/hostent.pm Net/servent.pm Params/Check.pm Perl/OSType.pm PerlIO.pm
        PerlIO/via/QuotedPrint.pm Pod/Checker.pm Pod/Escapes.pm Pod/Html.pm Pod/Man.pm
        Pod/ParseLink.pm Pod/Perldoc.pm Pod/Simple.pm Pod/Simple/BlackBox.pm Pod/Simple/HTML.pm
        Pod/Simple/Methody.pm Pod/Simple/PullParser.pm Pod/Simple/Text.pm Pod/Simple/XHTML.pm
        Pod/Text.pm Pod/Text/Color.pm Pod/Usage.pm Safe.pm Search/Dict.pm SelfLoader.pm
        Term/ANSIColor.pm Term/Cap.pm Term/Complete.pm Term/ReadLine.pm Test/Builder.pm
        Test/Builder/Module.pm Test/Harness.pm Test/More.pm Test/Simple.pm Test2/API.pm
        Test2/API/Context.pm Test2/Event.pm Test2/Formatter/TAP.pm Test2/Hub.pm Test2/Util.pm
        Text/Abbrev.pm Text/Balanced.pm Thread.pm Thread/Queue.pm Thread/Semaphore.pm
        Tie/Array.pm Tie/File.pm Tie/Handle.pm Tie/Memoize.pm Tie/RefHash.pm Tie/Scalar.pm
        Tie/StdHandle.pm Tie/SubstrHash.pm Time/Local.pm Time/gmtime.pm Time/localtime.pm
        Time/tm.pm UNIVERSAL.pm Unicode/UCD.pm User/grent.pm User/pwent.pm autodie.pm
        autodie/exception.pm autodie/hints.pm autouse.pm bigint.pm bignum.pm bigrat.pm blib.pm
        charnames.pm _charnames.pm diagnostics.pm encoding/warnings.pm experimental.pm
        filetest.pm if.pm less.pm open.pm perlfaq.pm sigtrap.pm sort.pm subs.pm version.pm
        version/regex.pm vmsish.pm pod/perlfunc.pod pod/perlop.pod pod/perlre.pod
        pod/perlvar.pod pod/perlsyn.pod
        """
}

extension StringProtocol {
    /// The text with every `target` character replaced by `replacement`.
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
