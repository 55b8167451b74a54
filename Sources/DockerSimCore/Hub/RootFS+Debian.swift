extension RootFS {
    /// The size of debian:stable-slim's single layer (bookworm 12.4), as docker counts it.
    static let debianBookwormSlimTotal: Int64 = 74_783_412

    /// Files written when the image was built (2024-01-10T00:00:00Z).
    private static let bookwormImage: Int64 = 1_704_844_800
    /// Files of packages unchanged since the bookworm release (2023-06-10).
    private static let bookwormRelease: Int64 = 1_686_355_200
    /// Files of packages updated in point releases up to 12.4 (2023-12-08).
    private static let bookwormUpdate: Int64 = 1_701_993_600
    /// Salt for the sizes of files listed by name only, so they differ from jammy's.
    private static let bookwormSalt = "bookworm:"

    /// The single layer of `debian:stable-slim` (bookworm 12.4, January 2024 build).
    ///
    /// The slim variant drops documentation, man pages and translations (copyright files stay).
    /// What a student reads (`/etc/os-release`, `/etc/passwd`, `/root/.bashrc`, `ls /usr/bin`) is
    /// modelled on the real image. The file list and the sizes of binaries and data files are a
    /// plausible reconstruction (invented, but stable): only the layer's total
    /// (``debianBookwormSlimTotal``) and the visible text files are meant to be exact. The last
    /// few libraries take what the other entries leave of the total.
    static func debianBookwormSlim() -> [(path: String, node: FileNode)] {
        var entries: [Entry] = []
        entries += bookwormTopLevel()
        entries += bookwormEtc()
        entries += bookwormEtcMore()
        entries += bookwormUsrBin()
        entries += bookwormUsrSbin()
        entries += bookwormUsrLib()
        entries += bookwormLibraries()
        entries += bookwormUsrShare()
        entries += bookwormVar()
        balance(
            &entries, total: debianBookwormSlimTotal,
            files: [
                ("/usr/lib/x86_64-linux-gnu/libunistring.so.2.2.0", 1_771_552),
                ("/usr/lib/x86_64-linux-gnu/libdb-5.3.so", 1_826_936),
                ("/usr/lib/x86_64-linux-gnu/libgnutls.so.30.34.3", 2_229_912),
            ],
            mtime: bookwormRelease)
        return entries
    }

    // MARK: - /

    /// The top-level directories and the usrmerge symlinks (no lib32/libx32 in bookworm).
    private static func bookwormTopLevel() -> [Entry] {
        let t = bookwormImage
        let r = bookwormRelease
        var entries: [Entry] = [
            link("/bin", "usr/bin", mtime: r),
            link("/lib", "usr/lib", mtime: r),
            link("/lib64", "usr/lib64", mtime: r),
            link("/sbin", "usr/sbin", mtime: r),
            dir("/root", mode: 0o700, mtime: t),
            dir("/tmp", mode: 0o1777, mtime: t),
            dir("/run/lock", mode: 0o1777, mtime: t),
            link("/usr/local/man", "share/man", mtime: r),
            link(
                "/usr/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
                mtime: bookwormUpdate),
            file("/root/.bashrc", bookwormRootBashrc, mtime: r),
            file("/root/.profile", rootProfile, mtime: r),
        ]
        entries += dirs(
            """
            /boot
            /dev
            /etc
            /home
            /media
            /mnt
            /opt
            /proc
            /run
            /srv
            /sys
            /usr
            /var
            """, mtime: t)
        entries += dirs(
            """
            /usr/bin
            /usr/games
            /usr/include
            /usr/lib
            /usr/lib64
            /usr/libexec
            /usr/local
            /usr/local/bin
            /usr/local/etc
            /usr/local/games
            /usr/local/include
            /usr/local/lib
            /usr/local/sbin
            /usr/local/share
            /usr/local/share/man
            /usr/local/src
            /usr/sbin
            /usr/share
            /usr/src
            """, mtime: r)
        return entries
    }

    // MARK: - /etc

    /// The text files of /etc that students read.
    private static func bookwormEtc() -> [Entry] {
        let t = bookwormImage
        let r = bookwormRelease
        return [
            file("/etc/passwd", bookwormPasswd, mtime: t),
            file("/etc/group", bookwormGroup, mtime: t),
            file(
                "/etc/shadow", shadowFile(for: bookwormPasswd, lastChange: 19_732), mode: 0o640,
                gid: 42, mtime: t),
            file("/etc/gshadow", gshadowFile(for: bookwormGroup), mode: 0o640, gid: 42, mtime: t),
            empty("/etc/subuid", mtime: t),
            empty("/etc/subgid", mtime: t),
            empty("/etc/.pwd.lock", mode: 0o600, mtime: t),
            empty("/etc/hostname", mtime: t),
            empty("/etc/hosts", mtime: t),
            empty("/etc/resolv.conf", mtime: t),
            empty("/etc/environment", mtime: t),
            file("/etc/bash.bashrc", bookwormBashBashrc, mtime: r),
            file("/etc/profile", bookwormProfile, mtime: r),
            file("/etc/issue", "Debian GNU/Linux 12 \\n \\l\n\n", mtime: r),
            file("/etc/issue.net", "Debian GNU/Linux 12\n", mtime: r),
            file("/etc/debian_version", "12.4\n", mtime: bookwormUpdate),
            file("/etc/motd", bookwormMotd, mtime: r),
            link("/etc/os-release", "../usr/lib/os-release", mtime: r),
            link("/etc/mtab", "/proc/self/mounts", mtime: t),
            link("/etc/localtime", "/usr/share/zoneinfo/Etc/UTC", mtime: t),
            file("/etc/timezone", "Etc/UTC\n", mtime: t),
            file("/etc/fstab", "# UNCONFIGURED FSTAB FOR BASE SYSTEM\n", mtime: t),
            file("/etc/shells", bookwormShells, mtime: t),
            file("/etc/host.conf", "multi on\n", mtime: r),
            file("/etc/nsswitch.conf", nsswitchConf, mtime: t),
            file("/etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n\n", mtime: r),
            file("/etc/ld.so.conf.d/libc.conf", "# libc default configuration\n/usr/local/lib\n", mtime: r),
            file("/etc/ld.so.conf.d/x86_64-linux-gnu.conf", ldMultiarchConf, mtime: r),
            blob("/etc/ld.so.cache", size: 7_482, mode: 0o644, mtime: t),
            file("/etc/skel/.bashrc", bookwormSkelBashrc, mtime: r),
            file("/etc/skel/.profile", skelProfile, mtime: r),
            file("/etc/skel/.bash_logout", skelBashLogout, mtime: r),
            file("/etc/apt/sources.list.d/debian.sources", bookwormSources, mtime: t),
            file("/etc/apt/apt.conf.d/docker-autoremove-suggests", dockerAutoremoveSuggests, mtime: t),
            file("/etc/apt/apt.conf.d/docker-clean", dockerClean, mtime: t),
            file("/etc/apt/apt.conf.d/docker-gzip-indexes", dockerGzipIndexes, mtime: t),
            file("/etc/apt/apt.conf.d/docker-no-languages", dockerNoLanguages, mtime: t),
            file("/etc/dpkg/dpkg.cfg.d/docker", bookwormDpkgSlim, mtime: t),
            file("/etc/dpkg/dpkg.cfg.d/docker-apt-speedup", bookwormDpkgSpeedup, mtime: t),
            file("/etc/update-motd.d/10-uname", "#!/bin/sh\nuname -snrvm\n", mode: 0o755, mtime: r),
        ]
    }

    /// The rest of /etc: configuration files listed by size, and the directories.
    private static func bookwormEtcMore() -> [Entry] {
        let r = bookwormRelease
        var entries: [Entry] = []
        entries += dirs(
            """
            /etc/apt/auth.conf.d
            /etc/apt/keyrings
            /etc/apt/preferences.d
            /etc/cron.d
            /etc/cron.daily
            /etc/init.d
            /etc/kernel/postinst.d
            /etc/opt
            /etc/rc0.d
            /etc/rc1.d
            /etc/rc2.d
            /etc/rc3.d
            /etc/rc4.d
            /etc/rc5.d
            /etc/rc6.d
            /etc/rcS.d
            /etc/security/limits.d
            /etc/security/namespace.d
            /etc/selinux
            /etc/systemd/system
            /etc/systemd/user
            /etc/terminfo
            /etc/profile.d
            """, mtime: r)
        entries += table(
            "/etc",
            """
            bindresvport.blacklist 367
            debconf.conf 2969
            gai.conf 2584
            libaudit.conf 191
            login.defs 12569
            networks 60
            pam.conf 552
            xattr.conf 681
            default/hwclock 1025
            default/nss 1756
            default/useradd 1118
            dpkg/dpkg.cfg 446
            dpkg/origins/debian 100
            selinux/semanage.conf 2065
            terminfo/README 208
            apt/apt.conf.d/01autoremove 399
            apt/apt.conf.d/70debconf 182
            apt/trusted.gpg.d/debian-archive-bookworm-automatic.asc 11889
            apt/trusted.gpg.d/debian-archive-bookworm-security-automatic.asc 11906
            apt/trusted.gpg.d/debian-archive-bookworm-stable.asc 460
            apt/trusted.gpg.d/debian-archive-bullseye-automatic.asc 11889
            apt/trusted.gpg.d/debian-archive-bullseye-security-automatic.asc 11906
            apt/trusted.gpg.d/debian-archive-bullseye-stable.asc 458
            apt/trusted.gpg.d/debian-archive-buster-automatic.asc 8700
            apt/trusted.gpg.d/debian-archive-buster-security-automatic.asc 8709
            apt/trusted.gpg.d/debian-archive-buster-stable.asc 8174
            logrotate.d/alternatives 120
            logrotate.d/apt 173
            logrotate.d/dpkg 112
            security/access.conf 4564
            security/faillock.conf 2234
            security/group.conf 3635
            security/limits.conf 2161
            security/namespace.conf 1440
            security/pam_env.conf 2972
            security/sepermit.conf 419
            security/time.conf 2179
            security/opasswd 0 600
            security/namespace.init 1016 755
            pam.d/chfn 384
            pam.d/chpasswd 92
            pam.d/chsh 581
            pam.d/common-account 1208
            pam.d/common-auth 1249
            pam.d/common-password 1580
            pam.d/common-session 1117
            pam.d/common-session-noninteractive 1082
            pam.d/login 4126
            pam.d/newusers 92
            pam.d/other 520
            pam.d/passwd 92
            pam.d/runuser 143
            pam.d/runuser-l 138
            pam.d/su 2259
            pam.d/su-l 95
            """, mode: 0o644, mtime: r)
        entries += table(
            "/etc",
            """
            cron.daily/apt-compat 1478
            cron.daily/dpkg 123
            init.d/hwclock.sh 1748
            kernel/postinst.d/apt-auto-removal 1172
            """, mode: 0o755, mtime: r)
        entries += [
            link("/etc/dpkg/origins/default", "debian", mtime: r),
            blob("/etc/alternatives/README", size: 100, mode: 0o644, mtime: r),
            link("/etc/alternatives/awk", "/usr/bin/mawk", mtime: r),
            link("/etc/alternatives/awk.1.gz", "/usr/share/man/man1/mawk.1.gz", mtime: r),
            link("/etc/alternatives/nawk", "/usr/bin/mawk", mtime: r),
            link("/etc/alternatives/nawk.1.gz", "/usr/share/man/man1/mawk.1.gz", mtime: r),
            link("/etc/alternatives/pager", "/usr/bin/more", mtime: r),
            link("/etc/alternatives/pager.1.gz", "/usr/share/man/man1/more.1.gz", mtime: r),
            link("/etc/alternatives/rmt", "/usr/sbin/rmt-tar", mtime: r),
            link("/etc/alternatives/rmt.8.gz", "/usr/share/man/man8/rmt-tar.8.gz", mtime: r),
            link("/etc/alternatives/which", "/usr/bin/which.debianutils", mtime: r),
            link("/etc/alternatives/which.1.gz", "/usr/share/man/man1/which.debianutils.1.gz", mtime: r),
            link("/etc/alternatives/which.de1.gz", "/usr/share/man/de/man1/which.debianutils.1.gz", mtime: r),
            link("/etc/alternatives/which.es1.gz", "/usr/share/man/es/man1/which.debianutils.1.gz", mtime: r),
            link("/etc/alternatives/which.fr1.gz", "/usr/share/man/fr/man1/which.debianutils.1.gz", mtime: r),
            link("/etc/alternatives/which.it1.gz", "/usr/share/man/it/man1/which.debianutils.1.gz", mtime: r),
            link("/etc/alternatives/which.ja1.gz", "/usr/share/man/ja/man1/which.debianutils.1.gz", mtime: r),
            link("/etc/alternatives/which.pl1.gz", "/usr/share/man/pl/man1/which.debianutils.1.gz", mtime: r),
            link("/etc/alternatives/which.sl1.gz", "/usr/share/man/sl/man1/which.debianutils.1.gz", mtime: r),
        ]
        return entries
    }

    // MARK: - /usr/bin, /usr/sbin

    /// /usr/bin: coreutils 9.1, bash, dash, util-linux, apt, dpkg, perl-base and the other
    /// essentials (no procps, vim, nano, curl, wget or less in this image).
    private static func bookwormUsrBin() -> [Entry] {
        var entries = table(
            "/usr/bin",
            """
            [ 68496
            arch 39328
            b2sum 64168
            base32 43816
            base64 43816
            basename 39328
            basenc 52008
            cat 44016
            chcon 68520
            chgrp 64232
            chmod 64232
            chown 72488
            cksum 113008
            comm 43816
            cp 151152
            csplit 109736
            cut 48008
            date 121904
            dd 80456
            df 97224
            dir 151344
            dircolors 48008
            dirname 39328
            du 110560
            echo 39432
            env 52104
            expand 43816
            expr 109704
            factor 84896
            false 35328
            fmt 43912
            fold 43816
            groups 39328
            head 48008
            hostid 39328
            id 48008
            install 159456
            join 52008
            link 39328
            ln 68424
            logname 39328
            ls 151344
            md5sum 48008
            mkdir 80040
            mkfifo 43912
            mknod 48008
            mktemp 43912
            mv 146960
            nice 39328
            nl 104968
            nohup 39328
            nproc 39328
            numfmt 68520
            od 72520
            paste 43816
            pathchk 39328
            pinky 39328
            pr 76616
            printenv 39328
            printf 55720
            ptx 113480
            pwd 43912
            readlink 43912
            realpath 43912
            rm 68496
            rmdir 43816
            runcon 39328
            seq 52008
            sha1sum 48008
            sha224sum 60296
            sha256sum 60296
            sha384sum 64392
            sha512sum 64392
            shred 60296
            shuf 56104
            sleep 39328
            sort 142120
            split 60296
            stat 93096
            stdbuf 52104
            stty 80456
            sum 43816
            sync 39328
            tac 105000
            tail 72512
            tee 43912
            test 52104
            timeout 43912
            touch 97032
            tr 52008
            true 35328
            truncate 39328
            tsort 48008
            tty 35328
            uname 39328
            unexpand 43816
            uniq 48008
            unlink 39328
            users 39328
            vdir 151344
            wc 48008
            who 60296
            whoami 39328
            yes 39328
            """, mtime: bookwormRelease)
        entries += table(
            "/usr/bin",
            """
            bash 1265648
            bashbug 7165
            clear_console 14568
            rbash -> bash
            dash 125640
            sh -> dash
            cmp 51632
            diff 227976
            diff3 64168
            sdiff 55728
            find 224848
            xargs 72136
            grep 203152
            egrep 41
            fgrep 41
            rgrep 30
            gzip 98136
            gunzip 2346
            gzexe 6447
            zcat 1984
            zcmp 1678
            zdiff 6460
            zegrep 29
            zfgrep 29
            zforce 2081
            zgrep 8103
            zless 2206
            zmore 1842
            znew 4577
            uncompress 2346
            sed 122224
            tar 531984
            hostname 27016
            dnsdomainname -> hostname
            domainname -> hostname
            nisdomainname -> hostname
            ypdomainname -> hostname
            mawk 166936
            awk -> /etc/alternatives/awk
            nawk -> /etc/alternatives/nawk
            pager -> /etc/alternatives/pager
            which -> /etc/alternatives/which
            which.debianutils 1402
            perl 3967040
            clear 14560
            infocmp 63544
            tabs 22712
            tic 88648
            toe 22680
            tput 27136
            tset 27128
            reset -> tset
            captoinfo -> tic
            infotocap -> tic
            run-parts 27104
            savelog 10467
            tempfile 14504
            ischroot 14520
            getconf 35248
            getent 39512
            iconv 68168
            ldd 5440
            locale 59008
            localedef 344160
            pldd 22744
            tzselect 15223
            zdump 27048
            gencat 27120
            deb-systemd-helper 23062
            deb-systemd-invoke 6262
            gpgv 316864
            pidof -> /sbin/killall5
            """, mtime: bookwormRelease)
        entries += table(
            "/usr/bin",
            """
            apt 18824
            apt-cache 89272
            apt-cdrom 27152
            apt-config 27200
            apt-get 51784
            apt-key 27788
            apt-mark 60328
            dpkg 318136
            dpkg-deb 155592
            dpkg-divert 151528
            dpkg-maintscript-helper 20327
            dpkg-query 159624
            dpkg-realpath 4451
            dpkg-split 118568
            dpkg-statoverride 76616
            dpkg-trigger 84808
            update-alternatives 60328
            debconf 2859
            debconf-apt-progress 11541
            debconf-communicate 611
            debconf-copydb 1719
            debconf-escape 647
            debconf-set-selections 2963
            debconf-show 1827
            """, mtime: bookwormUpdate)
        entries += table(
            "/usr/bin",
            """
            chrt 31000
            fallocate 31080
            fincore 35216
            findmnt 72296
            flock 22808
            getopt 22912
            hardlink 35336
            ionice 18720
            ipcmk 18720
            ipcrm 22808
            ipcs 47568
            lsblk 129256
            lscpu 113712
            lsfd 113752
            lsipc 55752
            lsirq 35272
            lslocks 35336
            lslogins 64232
            lsmem 39368
            lsns 47616
            mcookie 22816
            mesg 14504
            more 43496
            mountpoint 18720
            namei 27016
            nsenter 31080
            prlimit 39368
            rev 14504
            setarch 27008
            i386 -> setarch
            linux32 -> setarch
            linux64 -> setarch
            x86_64 -> setarch
            setpriv 47616
            setsid 14504
            setterm 39368
            taskset 22808
            uclampset 27008
            unshare 43464
            utmpdump 22808
            waitpid 14504
            wdctl 31080
            whereis 27008
            logger 43432
            renice 14504
            script 55688
            scriptlive 43464
            scriptreplay 35272
            wall 35192 2755 5
            su 72000 4755
            mount 59704 4755
            umount 35128 4755
            chage 80376 2755 42
            chfn 62672 4755
            chsh 52880 4755
            expiry 31184 2755 42
            gpasswd 88496 4755
            passwd 68248 4755
            newgrp 48896 4755
            sg -> newgrp
            faillog 27136
            lastlog 31280
            login 53792
            """, mtime: bookwormUpdate)
        return entries
    }

    /// /usr/sbin: shadow's user tools, util-linux, ldconfig, dpkg and pam helpers.
    private static func bookwormUsrSbin() -> [Entry] {
        table(
            "/usr/sbin",
            """
            add-shell 1143
            agetty 64184
            blkdiscard 22800
            blkid 43400
            blkzone 39368
            blockdev 31080
            chcpu 35336
            chgpasswd 72064
            chmem 31080
            chpasswd 68032
            chroot 43912
            cpgr -> cppw
            cppw 35336
            ctrlaltdel 14504
            dpkg-preconfigure 5191
            dpkg-reconfigure 4510
            faillock 18720
            findfs 14488
            fsck 51720
            fsck.minix 51704
            fsfreeze 14488
            fstab-decode 14392
            fstrim 43464
            getty -> agetty
            groupadd 76208
            groupdel 72080
            groupmems 72088
            groupmod 80288
            grpck 55952
            grpconv 51760
            grpunconv 51760
            hwclock 55768
            iconvconfig 31384
            installkernel 2416
            invoke-rc.d 16489
            isosize 14488
            killall5 22936
            ldattach 22808
            ldconfig 992840
            losetup 72088
            mkfs 14496
            mkfs.bfs 22800
            mkfs.minix 43464
            mkhomedir_helper 22800
            mkswap 47616
            newusers 109232
            nologin 14488
            pam-auth-update 20823
            pam_getenv 2890
            pam_namespace_helper 471
            pam_timestamp_check 14648
            pivot_root 14488
            pwck 60024
            pwconv 51760
            pwhistory_helper 18720
            pwunconv 47664
            readprofile 22808
            remove-shell 1129
            rmt -> /etc/alternatives/rmt
            rmt-tar 59952
            rtcwake 39368
            runuser 55680
            service 9917
            shadowconfig 2350
            start-stop-daemon 52048
            sulogin 51736
            swaplabel 22808
            swapoff 22808
            swapon 43464
            switch_root 18720
            tarcat 936
            unix_chkpwd 47104 2755 42
            update-passwd 35064
            update-rc.d 17729
            useradd 150848
            userdel 101192
            usermod 138680
            vigr -> vipw
            vipw 68088
            wipefs 35336
            zic 51752
            zramctl 51720
            """, mtime: bookwormUpdate)
    }

    // MARK: - /usr/lib

    /// /usr/lib outside the multiarch directory: os-release, apt's methods, the C.utf8 locale,
    /// terminfo entries.
    private static func bookwormUsrLib() -> [Entry] {
        let r = bookwormRelease
        var entries: [Entry] = [
            file("/usr/lib/os-release", bookwormOsRelease, mtime: bookwormUpdate),
            link("/usr/lib/apt/methods/https", "http", mtime: bookwormUpdate),
            link("/usr/lib/apt/methods/ssh", "rsh", mtime: bookwormUpdate),
            link("/usr/lib/apt/methods/mirror+copy", "mirror", mtime: bookwormUpdate),
            link("/usr/lib/apt/methods/mirror+file", "mirror", mtime: bookwormUpdate),
            link("/usr/lib/apt/methods/mirror+http", "mirror", mtime: bookwormUpdate),
            link("/usr/lib/apt/methods/mirror+https", "mirror", mtime: bookwormUpdate),
        ]
        entries += table(
            "/usr/lib/apt",
            """
            apt-helper 27464
            apt.systemd.daily 16224
            apt-extracttemplates 22824
            methods/cdrom 31240
            methods/copy 23088
            methods/file 23088
            methods/gpgv 56008
            methods/http 109032
            methods/mirror 64048
            methods/rred 56064
            methods/rsh 35288
            methods/sqv 43392
            methods/store 27184
            planners/dump 23136
            solvers/dump 23136
            """, mtime: bookwormUpdate)
        entries += table(
            "/usr/lib",
            """
            dpkg/methods/apt/desc.apt 567
            dpkg/methods/apt/names 39
            init/vars.sh 1893
            lsb/init-functions 12706
            lsb/init-functions.d/00-verbose 128
            mime/packages/tar 134
            sysctl.d/50-pid-max.conf 616
            tmpfiles.d/passwd.conf 239
            systemd/system/apt-daily.service 326
            systemd/system/apt-daily.timer 156
            systemd/system/apt-daily-upgrade.service 389
            systemd/system/apt-daily-upgrade.timer 184
            systemd/system/dpkg-db-backup.service 147
            systemd/system/dpkg-db-backup.timer 138
            systemd/system/fstrim.service 457
            systemd/system/fstrim.timer 200
            locale/C.utf8/LC_ADDRESS 127
            locale/C.utf8/LC_COLLATE 1406
            locale/C.utf8/LC_CTYPE 352888
            locale/C.utf8/LC_IDENTIFICATION 258
            locale/C.utf8/LC_MEASUREMENT 23
            locale/C.utf8/LC_MESSAGES/SYS_LC_MESSAGES 48
            locale/C.utf8/LC_MONETARY 270
            locale/C.utf8/LC_NAME 62
            locale/C.utf8/LC_NUMERIC 50
            locale/C.utf8/LC_PAPER 34
            locale/C.utf8/LC_TELEPHONE 47
            locale/C.utf8/LC_TIME 3360
            """, mode: 0o644, mtime: r)
        entries += table(
            "/usr/lib/dpkg/methods/apt",
            """
            install 2861
            setup 7703
            update 1234
            """, mtime: r)
        entries += sized("/usr/lib/terminfo", terminfoNames, 1_000...3_900, salt: bookwormSalt, mtime: r)
        return entries
    }

    /// /usr/lib/x86_64-linux-gnu: glibc 2.36, libstdc++, ncurses, compression, apt and the
    /// libraries of util-linux and pam; gconv and perl-base (no OpenSSL in this image).
    private static func bookwormLibraries() -> [Entry] {
        let base = "/usr/lib/x86_64-linux-gnu"
        let r = bookwormRelease
        var entries = table(
            base,
            """
            ld-linux-x86-64.so.2 210968 755
            libc.so.6 1922136 755
            libm.so.6 907784
            libmvec.so.1 1034448
            libpthread.so.0 14480
            libdl.so.2 14480
            librt.so.1 14664
            libresolv.so.2 68104
            libutil.so.1 14480
            libanl.so.1 14480
            libnss_files.so.2 14480
            libnss_dns.so.2 14480
            libnss_compat.so.2 43072
            libnss_hesiod.so.2 26936
            libBrokenLocale.so.1 14480
            libc_malloc_debug.so.0 67408
            libmemusage.so 18960
            libpcprofile.so 14272
            libthread_db.so.1 39224
            libcrypt.so.1 -> libcrypt.so.1.1.0
            libcrypt.so.1.1.0 206776
            coreutils/libstdbuf.so 14480
            """, mode: 0o644, mtime: bookwormUpdate)
        entries += table(
            base,
            """
            libstdc++.so.6 -> libstdc++.so.6.0.30
            libstdc++.so.6.0.30 2190440
            libgcc_s.so.1 125312
            libtinfo.so.6 -> libtinfo.so.6.4
            libtinfo.so.6.4 200136
            libz.so.1 -> libz.so.1.2.13
            libz.so.1.2.13 121280
            libbz2.so.1 -> libbz2.so.1.0.4
            libbz2.so.1.0 -> libbz2.so.1.0.4
            libbz2.so.1.0.4 74688
            liblzma.so.5 -> liblzma.so.5.4.1
            liblzma.so.5.4.1 166384
            libzstd.so.1 -> libzstd.so.1.5.4
            libzstd.so.1.5.4 857320
            liblz4.so.1 -> liblz4.so.1.9.4
            liblz4.so.1.9.4 121840
            libxxhash.so.0 -> libxxhash.so.0.8.1
            libxxhash.so.0.8.1 66840
            libacl.so.1 -> libacl.so.1.1.2301
            libacl.so.1.1.2301 39096
            libattr.so.1 -> libattr.so.1.1.2501
            libattr.so.1.1.2501 26720
            libselinux.so.1 178856
            libsemanage.so.2 286704
            libsepol.so.2 792720
            libpcre2-8.so.0 -> libpcre2-8.so.0.11.2
            libpcre2-8.so.0.11.2 629384
            libapt-pkg.so.6.0 -> libapt-pkg.so.6.0.0
            libapt-pkg.so.6.0.0 2069744
            libapt-private.so.0.0 -> libapt-private.so.0.0.0
            libapt-private.so.0.0.0 448448
            libsystemd.so.0 -> libsystemd.so.0.35.0
            libsystemd.so.0.35.0 919248
            libudev.so.1 -> libudev.so.1.7.5
            libudev.so.1.7.5 174376
            libgcrypt.so.20 -> libgcrypt.so.20.4.1
            libgcrypt.so.20.4.1 1368504
            libgpg-error.so.0 -> libgpg-error.so.0.33.1
            libgpg-error.so.0.33.1 149576
            libcap.so.2 -> libcap.so.2.66
            libcap.so.2.66 43104
            libcap-ng.so.0 -> libcap-ng.so.0.0.0
            libcap-ng.so.0.0.0 26904
            libaudit.so.1 -> libaudit.so.1.0.0
            libaudit.so.1.0.0 137288
            libpam.so.0 -> libpam.so.0.85.1
            libpam.so.0.85.1 67848
            libpam_misc.so.0 -> libpam_misc.so.0.82.1
            libpam_misc.so.0.82.1 14480
            libpamc.so.0 -> libpamc.so.0.82.1
            libpamc.so.0.82.1 18576
            libblkid.so.1 -> libblkid.so.1.1.0
            libblkid.so.1.1.0 355952
            libmount.so.1 -> libmount.so.1.1.0
            libmount.so.1.1.0 396184
            libuuid.so.1 -> libuuid.so.1.3.0
            libuuid.so.1.3.0 34824
            libsmartcols.so.1 -> libsmartcols.so.1.1.0
            libsmartcols.so.1.1.0 232584
            libgmp.so.10 -> libgmp.so.10.4.1
            libgmp.so.10.4.1 621304
            libhogweed.so.6 -> libhogweed.so.6.6
            libhogweed.so.6.6 317112
            libnettle.so.8 -> libnettle.so.8.6
            libnettle.so.8.6 333640
            libgnutls.so.30 -> libgnutls.so.30.34.3
            libidn2.so.0 -> libidn2.so.0.3.8
            libidn2.so.0.3.8 133424
            libunistring.so.2 -> libunistring.so.2.2.0
            libtasn1.so.6 -> libtasn1.so.6.6.3
            libtasn1.so.6.6.3 80112
            libp11-kit.so.0 -> libp11-kit.so.0.3.0
            libp11-kit.so.0.3.0 1386344
            libffi.so.8 -> libffi.so.8.1.2
            libffi.so.8.1.2 43488
            libdebconfclient.so.0 -> libdebconfclient.so.0.0.0
            libdebconfclient.so.0.0.0 14496
            libmd.so.0 -> libmd.so.0.0.5
            libmd.so.0.0.5 51648
            libseccomp.so.2 -> libseccomp.so.2.5.4
            libseccomp.so.2.5.4 149608
            """, mode: 0o644, mtime: r)
        entries += sized(base + "/security", pamModules, 14_000...27_000, salt: bookwormSalt, mtime: r)
        entries.removeAll { $0.path == base + "/security/pam_extrausers.so" }
        entries += sized(base + "/gconv", gconvModules, 18_400...41_000, salt: bookwormSalt, mtime: bookwormUpdate)
        entries += table(
            base + "/gconv",
            """
            libCNS.so 473608
            libGB.so 67872
            libISOIR165.so 59680
            libJIS.so 108304
            libJISX0213.so 120984
            libKSC.so 43280
            BIG5HKSCS.so 133432
            GB18030.so 194776
            UTF-16.so 18752
            UTF-32.so 18752
            UTF-7.so 22848
            gconv-modules 3360
            gconv-modules.cache 26398
            gconv-modules.d/gconv-modules-extra.conf 56353
            """, mode: 0o644, mtime: bookwormUpdate)
        let perl = base + "/perl-base"
        entries += sized(perl, perlBaseModules, 2_000...90_000, salt: bookwormSalt, mtime: r)
        entries += sized(perl + "/unicore/lib", unicoreTables, 1_500...21_000, salt: bookwormSalt, mtime: r)
        entries += table(
            perl,
            """
            Config_heavy.pl 52488
            unicore/Name.pl 1300820
            unicore/Name.pm 22716
            unicore/UCD.pl 1045362
            unicore/To/Uc.pl 9720
            unicore/To/Lc.pl 9513
            unicore/To/Tc.pl 9636
            unicore/To/Cf.pl 10210
            unicore/To/Fold.pl 10548
            unicore/CombiningClass.pl 19232
            unicore/Decomposition.pl 117424
            auto/POSIX/POSIX.so 117152
            auto/Socket/Socket.so 43480
            auto/List/Util/Util.so 68064
            auto/Fcntl/Fcntl.so 18904
            auto/IO/IO.so 23000
            auto/File/Glob/Glob.so 35584
            auto/Cwd/Cwd.so 22808
            auto/Data/Dumper/Dumper.so 43520
            auto/Hash/Util/Util.so 18904
            auto/Storable/Storable.so 121304
            auto/re/re.so 404760
            """, mode: 0o644, mtime: r)
        return entries
    }

    // MARK: - /usr/share

    /// /usr/share: base-files, common licenses, debconf, dpkg tables, keyrings, tzdata and the
    /// copyright files (the slim variant keeps no other documentation).
    private static func bookwormUsrShare() -> [Entry] {
        let r = bookwormRelease
        let s = "/usr/share"
        var entries: [Entry] = [
            file(s + "/base-files/dot.bashrc", bookwormRootBashrc, mtime: r),
            file(s + "/base-files/dot.profile", rootProfile, mtime: r),
            file(s + "/base-files/motd", bookwormMotd, mtime: r),
            file(s + "/base-files/profile", bookwormProfile, mtime: r),
            file(s + "/libc-bin/nsswitch.conf", nsswitchConf, mtime: r),
            file(s + "/debianutils/shells", bookwormShells, mtime: r),
            link(s + "/common-licenses/GFDL", "GFDL-1.3", mtime: r),
            link(s + "/common-licenses/GPL", "GPL-3", mtime: r),
            link(s + "/common-licenses/LGPL", "LGPL-3", mtime: r),
        ]
        entries += dirs(
            """
            /usr/share/man
            /usr/share/info
            /usr/share/locale
            /usr/share/misc
            /usr/share/pixmaps
            /usr/share/debianutils/shells.d
            /usr/share/menu
            /usr/share/terminfo
            """, mtime: r)
        entries += table(
            s,
            """
            base-files/dot.profile.md5sums 72
            base-files/info.dir 781
            base-files/motd.md5sums 36
            base-files/networks 60
            base-files/profile.md5sums 825
            base-files/staff-group-for-usr-local 447
            common-licenses/Apache-2.0 11358
            common-licenses/Artistic 6111
            common-licenses/BSD 1499
            common-licenses/CC0-1.0 7048
            common-licenses/GFDL-1.2 20127
            common-licenses/GFDL-1.3 22949
            common-licenses/GPL-1 12632
            common-licenses/GPL-2 18092
            common-licenses/GPL-3 35149
            common-licenses/LGPL-2 25383
            common-licenses/LGPL-2.1 26530
            common-licenses/LGPL-3 7651
            common-licenses/MPL-1.1 25755
            common-licenses/MPL-2.0 16726
            debconf/confmodule 102
            debconf/confmodule.sh 2958
            debconf/debconf.conf 2969
            debconf/fix_db.pl 1785
            debconf/frontend 2196
            dpkg/abitable 440
            dpkg/cputable 2234
            dpkg/ostable 1823
            dpkg/tupletable 1930
            dpkg/sh/dpkg-error.sh 2386
            keyrings/debian-archive-keyring.gpg 80656
            keyrings/debian-archive-removed-keys.gpg 122522
            locale/locale.alias 2996
            pam/common-account 1208
            pam/common-auth 1249
            pam/common-password 1580
            pam/common-password.md5sums 481
            pam/common-session 1117
            pam/common-session-noninteractive 1082
            pam-configs/unix 462
            tabset/std 135
            tabset/stdcrt 95
            tabset/vt100 160
            tabset/vt300 64
            gcc/python/libstdcxx/__init__.py 1
            gcc/python/libstdcxx/v6/__init__.py 1415
            gcc/python/libstdcxx/v6/printers.py 100926
            gcc/python/libstdcxx/v6/xmethods.py 29337
            gdb/auto-load/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30-gdb.py 2387
            zoneinfo/iso3166.tab 4463
            zoneinfo/leap-seconds.list 10817
            zoneinfo/leapseconds 3392
            zoneinfo/tzdata.zi 107715
            zoneinfo/zone.tab 18838
            zoneinfo/zone1970.tab 17694
            zoneinfo/Etc/UTC 114
            """, mode: 0o644, mtime: r)
        entries += sized(s + "/zoneinfo", tzdataZones, 130...3_700, salt: bookwormSalt, mtime: bookwormUpdate)
        entries += sized(s + "/zoneinfo/right", tzdataZones, 700...4_300, salt: bookwormSalt, mtime: bookwormUpdate)
        entries += sized(s + "/perl5/Debconf", debconfModules, 1_100...14_800, salt: bookwormSalt, mtime: r)
        entries += sized(
            s + "/bash-completion/completions", utilLinuxCompletions, 400...3_600,
            salt: bookwormSalt, mtime: r)
        for package in words(bookwormPackages) {
            let name = package.split(separator: ":").first.map(String.init) ?? package
            let path = s + "/doc/" + name + "/copyright"
            entries.append(
                blob(path, size: stableSize(bookwormSalt + path, 1_500...40_000), mode: 0o644, mtime: r))
        }
        return entries
    }

    // MARK: - /var

    /// /var: the dpkg database, apt's (empty) caches and lists, logs, and the usual directories.
    private static func bookwormVar() -> [Entry] {
        let t = bookwormImage
        let r = bookwormRelease
        var entries: [Entry] = [
            link("/var/run", "/run", mtime: r),
            link("/var/lock", "/run/lock", mtime: r),
            dir("/var/tmp", mode: 0o1777, mtime: t),
            dir("/var/mail", mode: 0o2775, gid: 8, mtime: t),
            dir("/var/local", mode: 0o2775, gid: 50, mtime: r),
            link("/var/spool/mail", "../mail", mtime: r),
            dir("/var/cache/apt/archives/partial", mode: 0o700, uid: 42, mtime: t),
            dir("/var/lib/apt/lists/partial", mode: 0o700, uid: 42, mtime: t),
            empty("/var/lib/apt/lists/lock", mode: 0o640, mtime: t),
            empty("/var/cache/apt/archives/lock", mode: 0o640, mtime: t),
            empty("/var/lib/dpkg/lock", mode: 0o640, mtime: t),
            empty("/var/lib/dpkg/lock-frontend", mode: 0o640, mtime: t),
            empty("/var/lib/dpkg/triggers/Lock", mode: 0o640, mtime: t),
            empty("/var/lib/dpkg/available", mtime: t),
            empty("/var/lib/dpkg/statoverride", mtime: t),
            empty("/var/lib/dpkg/diversions", mtime: t),
            file("/var/lib/dpkg/cmethopt", "apt apt\n", mtime: t),
            file("/var/lib/dpkg/info/format", "1\n", mtime: t),
            empty("/var/log/btmp", mode: 0o660, gid: 43, mtime: t),
            empty("/var/log/wtmp", mode: 0o664, gid: 43, mtime: t),
            empty("/var/log/lastlog", mode: 0o664, gid: 43, mtime: t),
            empty("/var/log/faillog", mtime: t),
            empty("/var/cache/debconf/passwords.dat", mode: 0o600, mtime: t),
        ]
        entries += dirs(
            """
            /var/backups
            /var/cache
            /var/cache/debconf
            /var/lib
            /var/lib/apt/mirrors/partial
            /var/lib/apt/periodic
            /var/lib/dpkg/alternatives
            /var/lib/dpkg/parts
            /var/lib/dpkg/updates
            /var/lib/misc
            /var/lib/pam
            /var/lib/systemd/deb-systemd-helper-enabled
            /var/log/apt
            /var/opt
            /var/spool
            """, mtime: t)
        entries += table(
            "/var",
            """
            lib/dpkg/status 46186
            lib/dpkg/status-old 46186
            lib/dpkg/triggers/File 210
            lib/dpkg/triggers/Unincorp 0
            lib/dpkg/alternatives/awk 193
            lib/dpkg/alternatives/pager 209
            lib/dpkg/alternatives/rmt 123
            lib/dpkg/alternatives/which 555
            lib/apt/extended_states 2474
            lib/pam/account 46
            lib/pam/auth 90
            lib/pam/password 81
            lib/pam/seen 7
            lib/pam/session 96
            lib/pam/session-noninteractive 92
            cache/debconf/config.dat 4931
            cache/debconf/config.dat-old 4931
            cache/debconf/templates.dat 396614
            cache/debconf/templates.dat-old 396614
            cache/ldconfig/aux-cache 6208 600
            log/alternatives.log 2110
            log/dpkg.log 18627
            log/apt/eipp.log.xz 4016
            log/apt/history.log 1122
            log/apt/term.log 6875 640 4
            """, mode: 0o644, mtime: t)
        for package in words(bookwormPackages) {
            let info = "/var/lib/dpkg/info/" + package
            let list = info + ".list"
            let sums = info + ".md5sums"
            entries.append(blob(list, size: stableSize(bookwormSalt + list, 180...9_800), mode: 0o644, mtime: t))
            entries.append(blob(sums, size: stableSize(bookwormSalt + sums, 150...11_800), mode: 0o644, mtime: t))
        }
        entries += table(
            "/var/lib/dpkg/info",
            """
            base-files.postinst 5385
            base-passwd.postinst 2541
            bash.postinst 1106
            dash.postinst 2978
            debconf.postinst 197
            dpkg.postinst 2367
            libc6:amd64.postinst 5587
            libc6:amd64.preinst 5937
            libpam-runtime.postinst 1173
            login.postinst 1195
            mawk.postinst 553
            passwd.postinst 1664
            perl-base.preinst 1043
            tzdata.postinst 7261
            tzdata.config 12014
            util-linux.postinst 1232
            libc-bin.triggers 26
            libc6:amd64.triggers 26
            """, mtime: t)
        entries += table(
            "/var/lib/dpkg/info",
            """
            base-files.conffiles 244
            debconf.conffiles 21
            dpkg.conffiles 109
            login.conffiles 47
            passwd.conffiles 84
            tzdata.templates 104734
            """, mode: 0o644, mtime: t)
        return entries
    }

    // MARK: - Name lists

    /// The packages of the image, as dpkg names its info files.
    private static let bookwormPackages = """
        apt base-files base-passwd bash bsdutils coreutils dash debconf debian-archive-keyring
        debianutils diffutils dpkg findutils gcc-12-base:amd64 gpgv grep gzip hostname
        init-system-helpers libacl1:amd64 libapt-pkg6.0:amd64 libattr1:amd64 libaudit-common
        libaudit1:amd64 libblkid1:amd64 libbz2-1.0:amd64 libc-bin libc6:amd64 libcap-ng0:amd64
        libcap2:amd64 libcrypt1:amd64 libdb5.3:amd64 libdebconfclient0:amd64 libffi8:amd64
        libgcc-s1:amd64 libgcrypt20:amd64 libgmp10:amd64 libgnutls30:amd64 libgpg-error0:amd64
        libhogweed6:amd64 libidn2-0:amd64 liblz4-1:amd64 liblzma5:amd64 libmd0:amd64
        libmount1:amd64 libnettle8:amd64 libp11-kit0:amd64 libpam-modules:amd64
        libpam-modules-bin libpam-runtime libpam0g:amd64 libpcre2-8-0:amd64 libseccomp2:amd64
        libselinux1:amd64 libsemanage-common libsemanage2:amd64 libsepol2:amd64
        libsmartcols1:amd64 libstdc++6:amd64 libsystemd0:amd64 libtasn1-6:amd64 libtinfo6:amd64
        libudev1:amd64 libunistring2:amd64 libuuid1:amd64 libxxhash0:amd64 libzstd1:amd64 login
        mawk mount ncurses-base ncurses-bin passwd perl-base sed sysvinit-utils tar tzdata
        usr-is-merged util-linux util-linux-extra zlib1g:amd64
        """

    /// Time zones of tzdata (a selection of the ~600 files).
    private static let tzdataZones = """
        Africa/Abidjan Africa/Accra Africa/Addis_Ababa Africa/Algiers Africa/Cairo
        Africa/Casablanca Africa/Dakar Africa/Johannesburg Africa/Lagos Africa/Nairobi
        Africa/Tunis America/Anchorage America/Argentina/Buenos_Aires America/Bogota
        America/Caracas America/Chicago America/Denver America/Havana America/Lima
        America/Los_Angeles America/Mexico_City America/Montevideo America/New_York
        America/Panama America/Phoenix America/Puerto_Rico America/Santiago
        America/Santo_Domingo America/Sao_Paulo America/Toronto America/Vancouver Antarctica/Troll
        Asia/Baghdad Asia/Bangkok Asia/Dhaka Asia/Dubai Asia/Ho_Chi_Minh Asia/Hong_Kong
        Asia/Jakarta Asia/Jerusalem Asia/Karachi Asia/Kathmandu Asia/Kolkata Asia/Manila
        Asia/Riyadh Asia/Seoul Asia/Shanghai Asia/Singapore Asia/Taipei Asia/Tehran Asia/Tokyo
        Atlantic/Azores Atlantic/Canary Atlantic/Reykjavik Australia/Adelaide Australia/Brisbane
        Australia/Darwin Australia/Melbourne Australia/Perth Australia/Sydney Europe/Amsterdam
        Europe/Athens Europe/Berlin Europe/Brussels Europe/Bucharest Europe/Budapest
        Europe/Dublin Europe/Helsinki Europe/Istanbul Europe/Kyiv Europe/Lisbon Europe/London
        Europe/Madrid Europe/Moscow Europe/Oslo Europe/Paris Europe/Prague Europe/Rome
        Europe/Stockholm Europe/Vienna Europe/Warsaw Europe/Zurich Pacific/Auckland Pacific/Fiji
        Pacific/Honolulu Etc/GMT Etc/GMT+1 Etc/GMT+2 Etc/GMT+3 Etc/GMT+4 Etc/GMT+5 Etc/GMT+6
        Etc/GMT-1 Etc/GMT-2 Etc/GMT-3 Etc/GMT-4 Etc/GMT-5 Etc/GMT-6 Etc/UCT Etc/Universal
        Etc/Zulu CET CST6CDT EET EST EST5EDT Factory GMT HST MET MST MST7MDT PST8PDT UCT UTC
        Universal WET Zulu
        """
}
