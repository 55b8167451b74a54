extension RootFS {
    /// The size of ubuntu:22.04's single layer, as docker counts it.
    static let ubuntuJammyTotal: Int64 = 77_860_000

    /// Files written when the image was built (2024-01-11T12:00:00Z).
    private static let jammyImage: Int64 = 1_704_974_400
    /// Files of packages unchanged since the jammy release (2022-02-09).
    private static let jammyRelease: Int64 = 1_644_418_800
    /// Files of packages updated during 22.04 (2023-10-18).
    private static let jammyUpdate: Int64 = 1_697_630_400

    /// The single layer of `ubuntu:22.04` (jammy, January 2024 build, 22.04.3).
    ///
    /// What a student sees with `ls /`, `ls /etc`, `cat /etc/os-release`, `cat /etc/passwd`,
    /// `ls /usr/bin` or `cat /root/.bashrc` is modelled on the real image. The file list and the
    /// sizes of binaries and data files are a plausible reconstruction (invented, but stable):
    /// only the layer's total (``ubuntuJammyTotal``) and the visible text files are meant to be
    /// exact. The last few libraries take what the other entries leave of the total.
    static func ubuntuJammy() -> [(path: String, node: FileNode)] {
        var entries: [Entry] = []
        entries += jammyTopLevel()
        entries += jammyEtc()
        entries += jammyEtcMore()
        entries += jammyRoot()
        entries += jammyUsrBin()
        entries += jammyUsrSbin()
        entries += jammyUsrLib()
        entries += jammyLibraries()
        entries += jammyUsrShare()
        entries += jammyVar()
        balance(
            &entries, total: ubuntuJammyTotal,
            files: [
                ("/usr/lib/x86_64-linux-gnu/libunistring.so.2.2.0", 1_763_368),
                ("/usr/lib/x86_64-linux-gnu/libdb-5.3.so", 1_822_824),
                ("/usr/lib/x86_64-linux-gnu/libgnutls.so.30.31.0", 2_105_488),
            ],
            mtime: jammyUpdate)
        return entries
    }

    // MARK: - /

    /// The top-level directories and the usrmerge symlinks.
    private static func jammyTopLevel() -> [Entry] {
        let t = jammyImage
        var entries: [Entry] = [
            link("/bin", "usr/bin", mtime: jammyRelease),
            link("/lib", "usr/lib", mtime: jammyRelease),
            link("/lib32", "usr/lib32", mtime: jammyRelease),
            link("/lib64", "usr/lib64", mtime: jammyRelease),
            link("/libx32", "usr/libx32", mtime: jammyRelease),
            link("/sbin", "usr/sbin", mtime: jammyRelease),
            dir("/root", mode: 0o700, mtime: t),
            dir("/tmp", mode: 0o1777, mtime: t),
            dir("/run/lock", mode: 0o1777, mtime: t),
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
            /run/mount
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
            /usr/lib32
            /usr/lib64
            /usr/libexec
            /usr/libx32
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
            """, mtime: jammyRelease)
        entries.append(link("/usr/local/man", "share/man", mtime: jammyRelease))
        entries.append(file("/usr/local/sbin/unminimize", jammyUnminimize, mode: 0o755, mtime: t))
        entries.append(
            link(
                "/usr/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
                mtime: jammyUpdate))
        return entries
    }

    // MARK: - /etc

    /// The text files of /etc that students read.
    private static func jammyEtc() -> [Entry] {
        let t = jammyImage
        return [
            file("/etc/passwd", jammyPasswd, mtime: t),
            file("/etc/group", jammyGroup, mtime: t),
            file("/etc/shadow", jammyShadow, mode: 0o640, gid: 42, mtime: t),
            file("/etc/gshadow", jammyGshadow, mode: 0o640, gid: 42, mtime: t),
            empty("/etc/subuid", mtime: t),
            empty("/etc/subgid", mtime: t),
            empty("/etc/.pwd.lock", mode: 0o600, mtime: t),
            empty("/etc/hostname", mtime: t),
            empty("/etc/hosts", mtime: t),
            empty("/etc/resolv.conf", mtime: t),
            file("/etc/bash.bashrc", jammyBashBashrc, mtime: jammyRelease),
            file("/etc/profile", jammyProfile, mtime: jammyRelease),
            file(
                "/etc/environment",
                "PATH=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/games:/usr/local/games:/snap/bin\"\n",
                mtime: jammyRelease),
            file("/etc/issue", "Ubuntu 22.04.3 LTS \\n \\l\n\n", mtime: jammyUpdate),
            file("/etc/issue.net", "Ubuntu 22.04.3 LTS\n", mtime: jammyUpdate),
            file("/etc/debian_version", "bookworm/sid\n", mtime: jammyRelease),
            file("/etc/lsb-release", jammyLsbRelease, mtime: jammyUpdate),
            file("/etc/legal", jammyLegal, mtime: jammyRelease),
            link("/etc/os-release", "../usr/lib/os-release", mtime: jammyUpdate),
            link("/etc/mtab", "/proc/self/mounts", mtime: t),
            link("/etc/localtime", "/usr/share/zoneinfo/Etc/UTC", mtime: t),
            file("/etc/fstab", "# UNCONFIGURED FSTAB FOR BASE SYSTEM\n", mtime: t),
            file("/etc/shells", jammyShells, mtime: t),
            file("/etc/host.conf", jammyHostConf, mtime: jammyRelease),
            file("/etc/nsswitch.conf", nsswitchConf, mtime: t),
            file("/etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n\n", mtime: jammyRelease),
            file(
                "/etc/ld.so.conf.d/libc.conf", "# libc default configuration\n/usr/local/lib\n",
                mtime: jammyRelease),
            file("/etc/ld.so.conf.d/x86_64-linux-gnu.conf", ldMultiarchConf, mtime: jammyRelease),
            blob("/etc/ld.so.cache", size: 9_743, mode: 0o644, mtime: t),
            file("/etc/skel/.bashrc", jammySkelBashrc, mtime: jammyRelease),
            file("/etc/skel/.profile", skelProfile, mtime: jammyRelease),
            file("/etc/skel/.bash_logout", skelBashLogout, mtime: jammyRelease),
            file("/etc/apt/sources.list", jammySourcesList, mtime: t),
            file("/etc/apt/apt.conf.d/docker-autoremove-suggests", dockerAutoremoveSuggests, mtime: t),
            file("/etc/apt/apt.conf.d/docker-clean", dockerClean, mtime: t),
            file("/etc/apt/apt.conf.d/docker-gzip-indexes", dockerGzipIndexes, mtime: t),
            file("/etc/apt/apt.conf.d/docker-no-languages", dockerNoLanguages, mtime: t),
            file(
                "/etc/apt/apt.conf.d/01-vendor-ubuntu", "Acquire::Changelogs::AlwaysOnline \"true\";\n",
                mtime: jammyUpdate),
            blob("/etc/apt/apt.conf.d/01autoremove", size: 630, mode: 0o644, mtime: jammyUpdate),
            file("/etc/dpkg/dpkg.cfg.d/excludes", jammyDpkgExcludes, mtime: t),
            file(
                "/etc/profile.d/01-locale-fix.sh",
                "# Make sure the locale variables are set to valid values.\neval $(/usr/bin/locale-check C.UTF-8)\n",
                mtime: jammyUpdate),
        ]
    }

    /// The rest of /etc: configuration files listed by size, and the directories.
    private static func jammyEtcMore() -> [Entry] {
        let r = jammyRelease
        var entries: [Entry] = []
        entries += dirs(
            """
            /etc/apt/auth.conf.d
            /etc/apt/keyrings
            /etc/apt/preferences.d
            /etc/apt/sources.list.d
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
            /etc/sysctl.d
            /etc/systemd/system
            /etc/systemd/user
            /etc/terminfo
            /etc/update-motd.d
            """, mtime: r)
        entries += table(
            "/etc",
            """
            bindresvport.blacklist 367
            debconf.conf 2969
            deluser.conf 604
            e2scrub.conf 685
            gai.conf 2584
            libaudit.conf 191
            login.defs 10734
            mke2fs.conf 1523
            networks 91
            pam.conf 552
            sysctl.conf 2355
            xattr.conf 681
            default/useradd 1118
            dpkg/dpkg.cfg 446
            dpkg/origins/debian 100
            dpkg/origins/ubuntu 131
            selinux/semanage.conf 2065
            terminfo/README 208
            apt/trusted.gpg.d/ubuntu-keyring-2012-cdimage.gpg 2794
            apt/trusted.gpg.d/ubuntu-keyring-2018-archive.gpg 1733
            logrotate.d/alternatives 120
            logrotate.d/apt 173
            logrotate.d/dpkg 130
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
            sysctl.d/10-console-messages.conf 77
            sysctl.d/10-ipv6-privacy.conf 490
            sysctl.d/10-kernel-hardening.conf 726
            sysctl.d/10-magic-sysrq.conf 1229
            sysctl.d/10-network-security.conf 951
            sysctl.d/10-ptrace.conf 506
            sysctl.d/10-zeropage.conf 509
            sysctl.d/README.sysctl 798
            pam.d/chfn 384
            pam.d/chpasswd 92
            pam.d/chsh 581
            pam.d/common-account 1208
            pam.d/common-auth 1249
            pam.d/common-password 1480
            pam.d/common-session 1470
            pam.d/common-session-noninteractive 1435
            pam.d/login 4126
            pam.d/newusers 92
            pam.d/other 520
            pam.d/passwd 92
            pam.d/runuser 143
            pam.d/runuser-l 138
            pam.d/su 2259
            pam.d/su-l 95
            cron.d/e2scrub_all 201
            """, mode: 0o644, mtime: r)
        entries += table(
            "/etc",
            """
            cron.daily/apt-compat 1478
            cron.daily/dpkg 123
            init.d/hwclock.sh 1748
            kernel/postinst.d/apt-auto-removal 1184
            update-motd.d/00-header 1220
            update-motd.d/10-help-text 1151
            update-motd.d/50-motd-news 5023
            update-motd.d/60-unminimize 1145
            """, mode: 0o755, mtime: r)
        entries += [
            link("/etc/dpkg/origins/default", "ubuntu", mtime: r),
            blob("/etc/alternatives/README", size: 100, mode: 0o644, mtime: r),
            link("/etc/alternatives/awk", "/usr/bin/mawk", mtime: r),
            link("/etc/alternatives/awk.1.gz", "/usr/share/man/man1/mawk.1.gz", mtime: r),
            link("/etc/alternatives/nawk", "/usr/bin/mawk", mtime: r),
            link("/etc/alternatives/nawk.1.gz", "/usr/share/man/man1/mawk.1.gz", mtime: r),
            link("/etc/alternatives/pager", "/usr/bin/more", mtime: r),
            link("/etc/alternatives/pager.1.gz", "/usr/share/man/man1/more.1.gz", mtime: r),
            link("/etc/alternatives/rmt", "/usr/sbin/rmt-tar", mtime: r),
            link("/etc/alternatives/rmt.8.gz", "/usr/share/man/man8/rmt-tar.8.gz", mtime: r),
        ]
        return entries
    }

    /// root's home: `.bashrc` and `.profile` from base-files.
    private static func jammyRoot() -> [Entry] {
        [
            file("/root/.bashrc", jammyRootBashrc, mtime: jammyRelease),
            file("/root/.profile", rootProfile, mtime: jammyRelease),
        ]
    }

    // MARK: - /usr/bin, /usr/sbin

    /// /usr/bin: coreutils, bash, dash, util-linux, apt, dpkg, perl-base and the other essentials
    /// (no procps, vim, nano, curl, wget or less in this image).
    private static func jammyUsrBin() -> [Entry] {
        var entries = table(
            "/usr/bin",
            """
            [ 51632
            arch 35336
            b2sum 55744
            base32 39432
            base64 39432
            basename 35336
            basenc 47624
            cat 35280
            chcon 59912
            chgrp 59912
            chmod 59912
            chown 68104
            cksum 35336
            comm 39432
            cp 141824
            csplit 51720
            cut 43528
            date 104160
            dd 72072
            df 84352
            dir 138208
            dircolors 43528
            dirname 35280
            du 100008
            echo 35120
            env 43976
            expand 39432
            expr 47632
            factor 68104
            false 31144
            fmt 39432
            fold 35336
            groups 35336
            head 43464
            hostid 31240
            id 39432
            install 145928
            join 47624
            link 35336
            ln 68104
            logname 31240
            ls 138208
            md5sum 43528
            mkdir 72136
            mkfifo 39432
            mknod 43528
            mktemp 39432
            mv 137728
            nice 35336
            nl 43528
            nohup 35336
            nproc 35336
            numfmt 64008
            od 68104
            paste 35336
            pathchk 35336
            pinky 35336
            pr 72072
            printenv 31240
            printf 55720
            ptx 72072
            pwd 35336
            readlink 39432
            realpath 43528
            rm 59912
            rmdir 39432
            runcon 35336
            seq 47624
            sha1sum 39432
            sha224sum 51720
            sha256sum 51720
            sha384sum 55816
            sha512sum 55816
            shred 55816
            shuf 47624
            sleep 35336
            sort 117000
            split 55816
            stat 80256
            stdbuf 47688
            stty 72072
            sum 35336
            sync 35336
            tac 39432
            tail 64008
            tee 35336
            test 43528
            timeout 39432
            touch 92936
            tr 43528
            true 31144
            truncate 35336
            tsort 39432
            tty 31240
            uname 35336
            unexpand 39432
            uniq 39432
            unlink 35336
            users 35336
            vdir 138208
            wc 43528
            who 55816
            whoami 31240
            yes 31240
            """, mtime: jammyRelease)
        entries += table(
            "/usr/bin",
            """
            bash 1396520
            bashbug 6952
            clear_console 14568
            rbash -> bash
            dash 125688
            sh -> dash
            cmp 43728
            diff 198712
            diff3 59912
            sdiff 51720
            find 224848
            xargs 72136
            grep 186080
            egrep 28
            fgrep 28
            rgrep 30
            gzip 97528
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
            sed 109592
            tar 530040
            hostname 22760
            dnsdomainname -> hostname
            domainname -> hostname
            nisdomainname -> hostname
            ypdomainname -> hostname
            mawk 158416
            awk -> /etc/alternatives/awk
            nawk -> /etc/alternatives/nawk
            pager -> /etc/alternatives/pager
            perl 3806432
            clear 14488
            infocmp 63448
            tabs 22600
            tic 88616
            toe 22568
            tput 27008
            tset 27016
            reset -> tset
            captoinfo -> tic
            infotocap -> tic
            run-parts 27104
            savelog 10467
            tempfile 14504
            which 946
            ischroot 14488
            sensible-browser 1184
            sensible-editor 1169
            sensible-pager 433
            select-editor 2928
            chattr 14784
            lsattr 14784
            getconf 35200
            getent 39456
            iconv 67880
            ldd 5466
            locale 58944
            locale-check 14464
            localedef 335232
            pldd 22720
            tzselect 15013
            zdump 22776
            gencat 27016
            deb-systemd-helper 22740
            deb-systemd-invoke 6123
            gpgv 287520
            pidof -> /sbin/killall5
            """, mtime: jammyRelease)
        entries += table(
            "/usr/bin",
            """
            apt 18824
            apt-cache 84440
            apt-cdrom 26704
            apt-config 26704
            apt-get 51464
            apt-key 28146
            apt-mark 59936
            dpkg 313040
            dpkg-deb 154896
            dpkg-divert 150864
            dpkg-maintscript-helper 19883
            dpkg-query 158984
            dpkg-realpath 4425
            dpkg-split 117872
            dpkg-statoverride 75920
            dpkg-trigger 84080
            update-alternatives 59920
            debconf 2859
            debconf-apt-progress 11541
            debconf-communicate 611
            debconf-copydb 1719
            debconf-escape 647
            debconf-set-selections 2963
            debconf-show 1827
            """, mtime: jammyUpdate)
        entries += table(
            "/usr/bin",
            """
            chrt 31080
            fallocate 31080
            fincore 31080
            findmnt 68040
            flock 22808
            getopt 22912
            hardlink 35336
            ionice 18720
            ipcmk 18720
            ipcrm 22808
            ipcs 47512
            last 35272
            lastb -> last
            lsblk 112872
            lscpu 100656
            lsipc 55688
            lsirq 35272
            lslocks 35272
            lslogins 64168
            lsmem 39368
            lsns 43464
            mcookie 22816
            mesg 14504
            more 39440
            mountpoint 18720
            namei 27016
            nsenter 31080
            prlimit 39368
            rename.ul 18720
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
            wdctl 31080
            whereis 27008
            logger 39368
            renice 14504
            script 55688
            scriptlive 43464
            scriptreplay 35272
            wall 35192 2755 5
            su 55672 4755
            mount 47480 4755
            umount 35192 4755
            chage 72184 2755 42
            chfn 72712 4755
            chsh 44808 4755
            expiry 23136 2755 42
            gpasswd 72072 4755
            passwd 59976 4755
            newgrp 40496 4755
            sg -> newgrp
            faillog 23184
            lastlog 27120
            login 48072
            """, mtime: jammyUpdate)
        entries.append(file("/usr/bin/man", jammyManStub, mode: 0o755, mtime: jammyImage))
        return entries
    }

    /// /usr/sbin: shadow's user tools, e2fsprogs, util-linux, ldconfig, dpkg and pam helpers.
    private static func jammyUsrSbin() -> [Entry] {
        table(
            "/usr/sbin",
            """
            add-shell 1017
            agetty 64080
            badblocks 31160
            blkdiscard 22800
            blkid 43328
            blkzone 39368
            blockdev 31080
            chcpu 35336
            chgpasswd 67944
            chmem 31080
            chpasswd 63896
            chroot 39432
            cpgr -> cppw
            cppw 35336
            ctrlaltdel 14504
            debugfs 239384
            dpkg-preconfigure 5183
            dpkg-reconfigure 4501
            dumpe2fs 31160
            e2freefrag 14840
            e2fsck 343112
            e2image 39448
            e2label -> tune2fs
            e2mmpstatus -> dumpe2fs
            e2scrub 7354
            e2scrub_all 4805
            e2undo 22808
            e4crypt 22872
            e4defrag 22832
            faillock 18720
            filefrag 14840
            findfs 14488
            fsck 51720
            fsck.cramfs 22768
            fsck.ext2 -> e2fsck
            fsck.ext3 -> e2fsck
            fsck.ext4 -> e2fsck
            fsck.minix 51704
            fsfreeze 14488
            fstab-decode 14392
            fstrim 43464
            getty -> agetty
            groupadd 80208
            groupdel 76024
            groupmems 76024
            groupmod 84240
            grpck 59856
            grpconv 51672
            grpunconv 51672
            hwclock 55696
            iconvconfig 31264
            installkernel 2129
            invoke-rc.d 16489
            isosize 14488
            killall5 22936
            ldattach 22808
            ldconfig 387
            ldconfig.real 1004128
            logsave 14656
            losetup 72088
            mke2fs 133752
            mkfs 14496
            mkfs.bfs 22800
            mkfs.cramfs 35336
            mkfs.ext2 -> mke2fs
            mkfs.ext3 -> mke2fs
            mkfs.ext4 -> mke2fs
            mkfs.minix 43464
            mkhomedir_helper 22800
            mklost+found 14696
            mkswap 47616
            newusers 100968
            nologin 14488
            pam-auth-update 20823
            pam_extrausers_chkpwd 43024 2755 42
            pam_extrausers_update 39320
            pam_getenv 2890
            pam_timestamp_check 14648
            pivot_root 14488
            pwck 59864
            pwconv 47576
            pwhistory_helper 18720
            pwunconv 47576
            readprofile 22808
            remove-shell 1123
            resize2fs 68160
            rmt -> /etc/alternatives/rmt
            rmt-tar 59952
            rtcwake 39368
            runuser 55680
            service 9353
            shadowconfig 2350
            start-stop-daemon 47712
            sulogin 51736
            swaplabel 22808
            swapoff 22808
            swapon 43464
            switch_root 18720
            tarcat 936
            tune2fs 105288
            unix_chkpwd 43016 2755 42
            unix_update 39320
            update-passwd 35064
            update-rc.d 17648
            useradd 141200
            userdel 96728
            usermod 133512
            vigr -> vipw
            vipw 63968
            wipefs 35336
            zic 47648
            zramctl 51720
            """, mtime: jammyUpdate)
    }

    // MARK: - /usr/lib

    /// /usr/lib outside the multiarch directory: os-release, apt's methods, the C.utf8 locale,
    /// terminfo entries.
    private static func jammyUsrLib() -> [Entry] {
        let r = jammyRelease
        var entries: [Entry] = [
            file("/usr/lib/os-release", jammyOsRelease, mtime: jammyUpdate),
            link("/usr/lib/apt/methods/https", "http", mtime: jammyUpdate),
            link("/usr/lib/apt/methods/ssh", "rsh", mtime: jammyUpdate),
            link("/usr/lib/apt/methods/mirror+copy", "mirror", mtime: jammyUpdate),
            link("/usr/lib/apt/methods/mirror+file", "mirror", mtime: jammyUpdate),
            link("/usr/lib/apt/methods/mirror+http", "mirror", mtime: jammyUpdate),
            link("/usr/lib/apt/methods/mirror+https", "mirror", mtime: jammyUpdate),
        ]
        entries += table(
            "/usr/lib/apt",
            """
            apt-helper 27328
            apt.systemd.daily 16205
            apt-extracttemplates 22768
            methods/cdrom 31200
            methods/copy 23040
            methods/file 23040
            methods/gpgv 51744
            methods/http 104576
            methods/mirror 59856
            methods/rred 51968
            methods/rsh 31136
            methods/store 27136
            planners/dump 23088
            solvers/dump 23088
            """, mtime: jammyUpdate)
        entries += table(
            "/usr/lib",
            """
            dpkg/methods/apt/desc.apt 567
            dpkg/methods/apt/names 39
            init/vars.sh 1893
            lsb/init-functions 12627
            lsb/init-functions.d/00-verbose 128
            lsb/init-functions.d/50-ubuntu-logging 2129
            mime/packages/tar 134
            sysctl.d/50-pid-max.conf 616
            sysctl.d/99-protect-links.conf 324
            tmpfiles.d/passwd.conf 239
            systemd/system/e2scrub@.service 438
            systemd/system/e2scrub_all.service 297
            systemd/system/e2scrub_all.timer 251
            systemd/system/e2scrub_fail@.service 245
            systemd/system/e2scrub_reap.service 438
            systemd/system/fstrim.service 447
            systemd/system/fstrim.timer 458
            systemd/system/apt-daily.service 326
            systemd/system/apt-daily.timer 156
            systemd/system/apt-daily-upgrade.service 389
            systemd/system/apt-daily-upgrade.timer 184
            systemd/system/dpkg-db-backup.service 147
            systemd/system/dpkg-db-backup.timer 138
            locale/C.utf8/LC_ADDRESS 127
            locale/C.utf8/LC_COLLATE 1406
            locale/C.utf8/LC_CTYPE 346132
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
        entries += sized("/usr/lib/terminfo", terminfoNames, 1_000...3_900, mtime: r)
        return entries
    }

    /// /usr/lib/x86_64-linux-gnu: glibc, libstdc++, ncurses, compression, crypto, apt and the
    /// libraries of util-linux, e2fsprogs, pam and kerberos; gconv and perl-base.
    private static func jammyLibraries() -> [Entry] {
        let base = "/usr/lib/x86_64-linux-gnu"
        var entries = table(
            base,
            """
            ld-linux-x86-64.so.2 240936 755
            libc.so.6 2216304 755
            libm.so.6 940560
            libmvec.so.1 968872
            libpthread.so.0 21448
            libdl.so.2 14432
            librt.so.1 14664
            libresolv.so.2 68552
            libutil.so.1 14432
            libanl.so.1 14416
            libnss_files.so.2 14464
            libnss_dns.so.2 14464
            libnss_compat.so.2 43368
            libnss_hesiod.so.2 26944
            libBrokenLocale.so.1 14432
            libc_malloc_debug.so.0 67352
            libmemusage.so 18904
            libpcprofile.so 14272
            libthread_db.so.1 43208
            libcrypt.so.1 -> libcrypt.so.1.1.0
            libcrypt.so.1.1.0 202760
            libnsl.so.2 -> libnsl.so.2.0.1
            libnsl.so.2.0.1 84304
            libtirpc.so.3 -> libtirpc.so.3.0.0
            libtirpc.so.3.0.0 182952
            libgssapi_krb5.so.2 -> libgssapi_krb5.so.2.2
            libgssapi_krb5.so.2.2 338648
            libkrb5.so.3 -> libkrb5.so.3.3
            libkrb5.so.3.3 827936
            libk5crypto.so.3 -> libk5crypto.so.3.1
            libk5crypto.so.3.1 182864
            libkrb5support.so.0 -> libkrb5support.so.0.1
            libkrb5support.so.0.1 52016
            libkeyutils.so.1 -> libkeyutils.so.1.9
            libkeyutils.so.1.9 22600
            coreutils/libstdbuf.so 14472
            """, mode: 0o644, mtime: jammyUpdate)
        entries += table(
            base,
            """
            libstdc++.so.6 -> libstdc++.so.6.0.30
            libstdc++.so.6.0.30 2260296
            libgcc_s.so.1 125488
            libtinfo.so.6 -> libtinfo.so.6.3
            libtinfo.so.6.3 192032
            libncurses.so.6 -> libncurses.so.6.3
            libncurses.so.6.3 166040
            libncursesw.so.6 -> libncursesw.so.6.3
            libncursesw.so.6.3 228200
            libtic.so.6 -> libtic.so.6.3
            libtic.so.6.3 67960
            libform.so.6 -> libform.so.6.3
            libform.so.6.3 67920
            libformw.so.6 -> libformw.so.6.3
            libformw.so.6.3 72312
            libmenu.so.6 -> libmenu.so.6.3
            libmenu.so.6.3 31024
            libmenuw.so.6 -> libmenuw.so.6.3
            libmenuw.so.6.3 35040
            libpanel.so.6 -> libpanel.so.6.3
            libpanel.so.6.3 14712
            libpanelw.so.6 -> libpanelw.so.6.3
            libpanelw.so.6.3 14712
            libz.so.1 -> libz.so.1.2.11
            libz.so.1.2.11 108936
            libbz2.so.1 -> libbz2.so.1.0.4
            libbz2.so.1.0 -> libbz2.so.1.0.4
            libbz2.so.1.0.4 74688
            liblzma.so.5 -> liblzma.so.5.2.5
            liblzma.so.5.2.5 170456
            libzstd.so.1 -> libzstd.so.1.4.8
            libzstd.so.1.4.8 841808
            liblz4.so.1 -> liblz4.so.1.9.3
            liblz4.so.1.9.3 129248
            libxxhash.so.0 -> libxxhash.so.0.8.1
            libxxhash.so.0.8.1 63088
            libacl.so.1 -> libacl.so.1.1.2301
            libacl.so.1.1.2301 35320
            libattr.so.1 -> libattr.so.1.1.2501
            libattr.so.1.1.2501 22632
            libselinux.so.1 166280
            libsemanage.so.2 265472
            libsepol.so.2 743648
            libpcre2-8.so.0 -> libpcre2-8.so.0.10.4
            libpcre2-8.so.0.10.4 613064
            libpcre.so.3 -> libpcre.so.3.13.3
            libpcre.so.3.13.3 465008
            libapt-pkg.so.6.0 -> libapt-pkg.so.6.0.0
            libapt-pkg.so.6.0.0 2108248
            libapt-private.so.0.0 -> libapt-private.so.0.0.0
            libapt-private.so.0.0.0 481560
            libsystemd.so.0 -> libsystemd.so.0.32.0
            libsystemd.so.0.32.0 878944
            libudev.so.1 -> libudev.so.1.7.2
            libudev.so.1.7.2 166240
            libcrypto.so.3 4451632
            libssl.so.3 667864
            libgcrypt.so.20 -> libgcrypt.so.20.3.4
            libgcrypt.so.20.3.4 1296264
            libgpg-error.so.0 -> libgpg-error.so.0.32.1
            libgpg-error.so.0.32.1 149760
            libcap.so.2 -> libcap.so.2.44
            libcap.so.2.44 39240
            libcap-ng.so.0 -> libcap-ng.so.0.0.0
            libcap-ng.so.0.0.0 26952
            libaudit.so.1 -> libaudit.so.1.0.0
            libaudit.so.1.0.0 133200
            libpam.so.0 -> libpam.so.0.85.1
            libpam.so.0.85.1 67824
            libpam_misc.so.0 -> libpam_misc.so.0.82.1
            libpam_misc.so.0.82.1 14480
            libpamc.so.0 -> libpamc.so.0.82.1
            libpamc.so.0.82.1 18568
            libblkid.so.1 -> libblkid.so.1.1.0
            libblkid.so.1.1.0 347776
            libmount.so.1 -> libmount.so.1.1.0
            libmount.so.1.1.0 383832
            libuuid.so.1 -> libuuid.so.1.3.0
            libuuid.so.1.3.0 34800
            libsmartcols.so.1 -> libsmartcols.so.1.1.0
            libsmartcols.so.1.1.0 216152
            libfdisk.so.1 -> libfdisk.so.1.1.0
            libfdisk.so.1.1.0 410808
            libcom_err.so.2 -> libcom_err.so.2.1
            libcom_err.so.2.1 18504
            libe2p.so.2 -> libe2p.so.2.3
            libe2p.so.2.3 47952
            libext2fs.so.2 -> libext2fs.so.2.4
            libext2fs.so.2.4 420776
            libss.so.2 -> libss.so.2.0
            libss.so.2.0 39136
            libgmp.so.10 -> libgmp.so.10.4.1
            libgmp.so.10.4.1 526688
            libhogweed.so.6 -> libhogweed.so.6.4
            libhogweed.so.6.4 317296
            libnettle.so.8 -> libnettle.so.8.4
            libnettle.so.8.4 309736
            libgnutls.so.30 -> libgnutls.so.30.31.0
            libidn2.so.0 -> libidn2.so.0.3.7
            libidn2.so.0.3.7 137072
            libunistring.so.2 -> libunistring.so.2.2.0
            libtasn1.so.6 -> libtasn1.so.6.6.2
            libtasn1.so.6.6.2 80112
            libp11-kit.so.0 -> libp11-kit.so.0.3.0
            libp11-kit.so.0.3.0 1335936
            libffi.so.8 -> libffi.so.8.1.0
            libffi.so.8.1.0 43424
            libdebconfclient.so.0 -> libdebconfclient.so.0.0.0
            libdebconfclient.so.0.0.0 14496
            libmd.so.0 -> libmd.so.0.0.5
            libmd.so.0.0.5 47472
            libseccomp.so.2 -> libseccomp.so.2.5.3
            libseccomp.so.2.5.3 145784
            """, mode: 0o644, mtime: jammyRelease)
        entries += sized(base + "/security", pamModules, 14_000...27_000, mtime: jammyRelease)
        entries += sized(base + "/gconv", gconvModules, 14_200...30_800, mtime: jammyUpdate)
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
            GB18030.so 190680
            UTF-16.so 18720
            UTF-32.so 18720
            UTF-7.so 22816
            gconv-modules 3360
            gconv-modules.cache 26398
            gconv-modules.d/gconv-modules-extra.conf 56353
            """, mode: 0o644, mtime: jammyUpdate)
        entries += sized(base + "/perl-base", perlBaseModules, 1_200...48_000, mtime: jammyRelease)
        entries += sized(base + "/perl-base/unicore/lib", unicoreTables, 900...13_000, mtime: jammyRelease)
        entries += table(
            base + "/perl-base",
            """
            Config_heavy.pl 50721
            unicore/Name.pl 1265640
            unicore/Name.pm 22716
            unicore/UCD.pl 1014876
            unicore/To/Uc.pl 9720
            unicore/To/Lc.pl 9513
            unicore/To/Tc.pl 9636
            unicore/To/Cf.pl 10210
            unicore/To/Fold.pl 10548
            unicore/CombiningClass.pl 19232
            unicore/Decomposition.pl 117424
            auto/POSIX/POSIX.so 117040
            auto/Socket/Socket.so 43392
            auto/List/Util/Util.so 67984
            auto/Fcntl/Fcntl.so 18800
            auto/IO/IO.so 22912
            auto/File/Glob/Glob.so 35480
            auto/Cwd/Cwd.so 22704
            auto/Data/Dumper/Dumper.so 43400
            auto/Hash/Util/Util.so 18800
            auto/Storable/Storable.so 117000
            auto/re/re.so 379928
            """, mode: 0o644, mtime: jammyRelease)
        return entries
    }

    // MARK: - /usr/share

    /// /usr/share: base-files, common licenses, debconf, dpkg tables, keyrings, copyright files
    /// (docs and man pages are excluded from the minimized image), the UTC zone.
    private static func jammyUsrShare() -> [Entry] {
        let r = jammyRelease
        let s = "/usr/share"
        var entries: [Entry] = [
            file(s + "/base-files/dot.bashrc", jammyRootBashrc, mtime: r),
            file(s + "/base-files/dot.profile", rootProfile, mtime: r),
            file(s + "/base-files/profile", jammyProfile, mtime: r),
            file(s + "/libc-bin/nsswitch.conf", nsswitchConf, mtime: r),
            file(s + "/debianutils/shells", jammyShells, mtime: r),
            link(s + "/common-licenses/GFDL", "GFDL-1.3", mtime: r),
            link(s + "/common-licenses/GPL", "GPL-3", mtime: r),
            link(s + "/common-licenses/LGPL", "LGPL-3", mtime: r),
            blob(s + "/zoneinfo/Etc/UTC", size: 114, mode: 0o644, mtime: r),
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
            base-files/motd 254
            base-files/networks 91
            base-files/profile.md5sums 194
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
            dpkg/sh/dpkg-error.sh 2340
            keyrings/ubuntu-archive-keyring.gpg 3623
            keyrings/ubuntu-archive-removed-keys.gpg 2764
            keyrings/ubuntu-cloudimage-keyring.gpg 2247
            keyrings/ubuntu-cloudimage-removed-keys.gpg 4094
            keyrings/ubuntu-master-keyring.gpg 1227
            locale/locale.alias 2996
            pam/common-account 1208
            pam/common-auth 1249
            pam/common-password 1480
            pam/common-password.md5sums 370
            pam/common-session 1470
            pam/common-session-noninteractive 1435
            pam-configs/unix 462
            tabset/std 135
            tabset/stdcrt 95
            tabset/vt100 160
            tabset/vt300 64
            gcc/python/libstdcxx/__init__.py 1
            gcc/python/libstdcxx/v6/__init__.py 1415
            gcc/python/libstdcxx/v6/printers.py 95620
            gcc/python/libstdcxx/v6/xmethods.py 29337
            gdb/auto-load/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30-gdb.py 2387
            bug/apt/script 2005
            lintian/overrides/bash 152
            lintian/overrides/dash 304
            lintian/overrides/libc-bin 331
            lintian/overrides/libc6 1012
            lintian/overrides/login 254
            lintian/overrides/passwd 387
            lintian/overrides/util-linux 1152
            """, mode: 0o644, mtime: r)
        entries += sized(s + "/perl5/Debconf", debconfModules, 1_100...14_800, mtime: r)
        entries += sized(s + "/bash-completion/completions", utilLinuxCompletions, 400...3_600, mtime: r)
        for package in words(jammyPackages) {
            let name = package.split(separator: ":").first.map(String.init) ?? package
            let path = s + "/doc/" + name + "/copyright"
            entries.append(blob(path, size: stableSize(path, 1_100...28_000), mode: 0o644, mtime: r))
        }
        return entries
    }

    // MARK: - /var

    /// /var: the dpkg database, apt's (empty) caches and lists, logs, and the usual directories.
    private static func jammyVar() -> [Entry] {
        let t = jammyImage
        let r = jammyRelease
        var entries: [Entry] = [
            link("/var/run", "/run", mtime: r),
            link("/var/lock", "/run/lock", mtime: r),
            dir("/var/tmp", mode: 0o1777, mtime: t),
            dir("/var/mail", mode: 0o2775, gid: 8, mtime: t),
            dir("/var/local", mode: 0o2775, gid: 50, mtime: r),
            link("/var/spool/mail", "../mail", mtime: r),
            dir("/var/cache/apt/archives/partial", mode: 0o700, uid: 100, mtime: t),
            dir("/var/lib/apt/lists/partial", mode: 0o700, uid: 100, mtime: t),
            empty("/var/lib/apt/lists/lock", mode: 0o640, mtime: t),
            empty("/var/cache/apt/archives/lock", mode: 0o640, mtime: t),
            empty("/var/lib/dpkg/lock", mode: 0o640, mtime: t),
            empty("/var/lib/dpkg/lock-frontend", mode: 0o640, mtime: t),
            empty("/var/lib/dpkg/triggers/Lock", mode: 0o640, mtime: t),
            empty("/var/lib/dpkg/available", mtime: t),
            empty("/var/lib/dpkg/statoverride", mtime: t),
            file("/var/lib/dpkg/cmethopt", "apt apt\n", mtime: t),
            file("/var/lib/dpkg/info/format", "1\n", mtime: t),
            empty("/var/log/btmp", mode: 0o660, gid: 43, mtime: t),
            empty("/var/log/wtmp", mode: 0o664, gid: 43, mtime: t),
            empty("/var/log/lastlog", mode: 0o664, gid: 43, mtime: t),
            empty("/var/log/faillog", mtime: t),
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
            lib/dpkg/status 42687
            lib/dpkg/status-old 42687
            lib/dpkg/diversions 1240
            lib/dpkg/diversions-old 1240
            lib/dpkg/triggers/File 250
            lib/dpkg/triggers/Unincorp 0
            lib/dpkg/alternatives/awk 193
            lib/dpkg/alternatives/pager 209
            lib/dpkg/alternatives/rmt 123
            lib/apt/extended_states 3102
            lib/pam/account 46
            lib/pam/auth 90
            lib/pam/password 81
            lib/pam/seen 7
            lib/pam/session 96
            lib/pam/session-noninteractive 92
            cache/debconf/config.dat 5416
            cache/debconf/config.dat-old 5135
            cache/debconf/templates.dat 427684
            cache/debconf/templates.dat-old 427684
            cache/ldconfig/aux-cache 7011 600
            log/alternatives.log 1818
            log/bootstrap.log 59328
            log/dpkg.log 19896
            log/apt/eipp.log.xz 4324
            log/apt/history.log 1308
            log/apt/term.log 8372 640 4
            """, mode: 0o644, mtime: t)
        entries.append(blob("/var/cache/debconf/passwords.dat", size: 0, mode: 0o600, mtime: t))
        for package in words(jammyPackages) {
            let info = "/var/lib/dpkg/info/" + package
            entries.append(blob(info + ".list", size: stableSize(info + ".list", 180...9_800), mode: 0o644, mtime: t))
            entries.append(
                blob(info + ".md5sums", size: stableSize(info + ".md5sums", 150...11_800), mode: 0o644, mtime: t))
        }
        entries += table(
            "/var/lib/dpkg/info",
            """
            base-files.postinst 5162
            base-passwd.postinst 2541
            bash.postinst 1038
            dash.postinst 3047
            debconf.postinst 197
            dpkg.postinst 2212
            e2fsprogs.postinst 1016
            libc6:amd64.postinst 5587
            libc6:amd64.preinst 5937
            libpam-runtime.postinst 1173
            login.postinst 1195
            mawk.postinst 553
            passwd.postinst 1616
            perl-base.preinst 1043
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
            """, mode: 0o644, mtime: t)
        return entries
    }

    // MARK: - Name lists

    /// The packages of the image, as dpkg names its info files.
    private static let jammyPackages = """
        apt base-files base-passwd bash bsdutils coreutils dash debconf debianutils
        diffutils dpkg e2fsprogs findutils gcc-12-base:amd64 gpgv grep gzip hostname
        init-system-helpers libacl1:amd64 libapt-pkg6.0:amd64 libattr1:amd64 libaudit-common
        libaudit1:amd64 libblkid1:amd64 libbz2-1.0:amd64 libc-bin libc6:amd64 libcap-ng0:amd64
        libcap2:amd64 libcom-err2:amd64 libcrypt1:amd64 libdb5.3:amd64 libdebconfclient0:amd64
        libext2fs2:amd64 libffi8:amd64 libgcc-s1:amd64 libgcrypt20:amd64 libgmp10:amd64
        libgnutls30:amd64 libgpg-error0:amd64 libgssapi-krb5-2:amd64 libhogweed6:amd64
        libidn2-0:amd64 libk5crypto3:amd64 libkeyutils1:amd64 libkrb5-3:amd64
        libkrb5support0:amd64 liblz4-1:amd64 liblzma5:amd64 libmount1:amd64 libncurses6:amd64
        libncursesw6:amd64 libnettle8:amd64 libnsl2:amd64 libp11-kit0:amd64
        libpam-modules:amd64 libpam-modules-bin libpam-runtime libpam0g:amd64
        libpcre2-8-0:amd64 libpcre3:amd64 libseccomp2:amd64 libselinux1:amd64
        libsemanage-common libsemanage2:amd64 libsepol2:amd64 libsmartcols1:amd64 libss2:amd64
        libssl3:amd64 libstdc++6:amd64 libsystemd0:amd64 libtasn1-6:amd64 libtinfo6:amd64
        libtirpc-common libtirpc3:amd64 libudev1:amd64 libunistring2:amd64 libuuid1:amd64
        libxxhash0:amd64 libzstd1:amd64 login logsave lsb-base mawk mount ncurses-base
        ncurses-bin passwd perl-base sed sensible-utils sysvinit-utils tar ubuntu-keyring
        usrmerge util-linux zlib1g:amd64
        """

    /// Terminal descriptions of ncurses-base.
    static let terminfoNames = """
        a/ansi c/cons25 c/cons25-debian c/cygwin d/dumb h/hurd l/linux m/mach m/mach-bold
        m/mach-color m/mach-gnu m/mach-gnu-color p/pcansi r/rxvt r/rxvt-basic r/rxvt-unicode
        r/rxvt-unicode-256color s/screen s/screen-256color s/screen-256color-bce s/screen-bce
        s/screen-s s/screen-w s/screen.xterm-256color s/sun t/tmux t/tmux-256color v/vt100
        v/vt102 v/vt220 v/vt52 w/wsvt25 w/wsvt25m x/xterm x/xterm-256color x/xterm-color
        x/xterm-mono x/xterm-r5 x/xterm-r6 x/xterm-vt220 x/xterm-xfree86
        """

    /// PAM modules of libpam-modules.
    static let pamModules = """
        pam_access.so pam_debug.so pam_deny.so pam_echo.so pam_env.so pam_exec.so pam_faildelay.so
        pam_faillock.so pam_filter.so pam_ftp.so pam_group.so pam_issue.so pam_keyinit.so
        pam_lastlog.so pam_limits.so pam_listfile.so pam_localuser.so pam_loginuid.so
        pam_mail.so pam_mkhomedir.so pam_motd.so pam_namespace.so pam_nologin.so pam_permit.so
        pam_pwhistory.so pam_rhosts.so pam_rootok.so pam_securetty.so pam_selinux.so
        pam_sepermit.so pam_setquota.so pam_shells.so pam_stress.so pam_succeed_if.so
        pam_time.so pam_timestamp.so pam_tty_audit.so pam_umask.so pam_unix.so pam_userdb.so
        pam_usertype.so pam_warn.so pam_wheel.so pam_xauth.so pam_extrausers.so
        """

    /// glibc's charset converters (the bigger ones are listed by size separately).
    static let gconvModules = """
        ANSI_X3.110.so ARMSCII-8.so ASMO_449.so BIG5.so BRF.so CP10007.so CP1125.so CP1250.so
        CP1251.so CP1252.so CP1253.so CP1254.so CP1255.so CP1256.so CP1257.so CP1258.so CP737.so
        CP770.so CP771.so CP772.so CP773.so CP774.so CP775.so CP932.so CSN_369103.so CWI.so
        DEC-MCS.so EBCDIC-AT-DE-A.so EBCDIC-AT-DE.so EBCDIC-CA-FR.so EBCDIC-DK-NO-A.so
        EBCDIC-DK-NO.so EBCDIC-ES-A.so EBCDIC-ES-S.so EBCDIC-ES.so EBCDIC-FI-SE-A.so
        EBCDIC-FI-SE.so EBCDIC-FR.so EBCDIC-IS-FRISS.so EBCDIC-IT.so EBCDIC-PT.so EBCDIC-UK.so
        EBCDIC-US.so ECMA-CYRILLIC.so EUC-CN.so EUC-JISX0213.so EUC-JP-MS.so EUC-JP.so
        EUC-KR.so EUC-TW.so GBBIG5.so GBGBK.so GBK.so GEORGIAN-ACADEMY.so GEORGIAN-PS.so
        GOST_19768-74.so GREEK-CCITT.so GREEK7-OLD.so GREEK7.so HP-GREEK8.so HP-ROMAN8.so
        HP-ROMAN9.so HP-THAI8.so HP-TURKISH8.so IBM037.so IBM038.so IBM1004.so IBM1008.so
        IBM1008_420.so IBM1025.so IBM1026.so IBM1046.so IBM1047.so IBM1097.so IBM1112.so
        IBM1122.so IBM1123.so IBM1124.so IBM1129.so IBM1130.so IBM1132.so IBM1133.so IBM1137.so
        IBM1140.so IBM1141.so IBM1142.so IBM1143.so IBM1144.so IBM1145.so IBM1146.so IBM1147.so
        IBM1148.so IBM1149.so IBM1153.so IBM1154.so IBM1155.so IBM1156.so IBM1157.so IBM1158.so
        IBM1160.so IBM1161.so IBM1162.so IBM1163.so IBM1164.so IBM1166.so IBM1167.so IBM12712.so
        IBM1364.so IBM1371.so IBM1388.so IBM1390.so IBM1399.so IBM16804.so IBM256.so IBM273.so
        IBM274.so IBM275.so IBM277.so IBM278.so IBM280.so IBM281.so IBM284.so IBM285.so
        IBM290.so IBM297.so IBM420.so IBM423.so IBM424.so IBM437.so IBM4517.so IBM4899.so
        IBM4909.so IBM4971.so IBM500.so IBM5347.so IBM803.so IBM850.so IBM851.so IBM852.so
        IBM855.so IBM856.so IBM857.so IBM858.so IBM860.so IBM861.so IBM862.so IBM863.so
        IBM864.so IBM865.so IBM866.so IBM866NAV.so IBM868.so IBM869.so IBM870.so IBM871.so
        IBM874.so IBM875.so IBM880.so IBM891.so IBM901.so IBM902.so IBM903.so IBM9030.so
        IBM904.so IBM905.so IBM9066.so IBM918.so IBM921.so IBM922.so IBM930.so IBM932.so
        IBM933.so IBM935.so IBM937.so IBM939.so IBM943.so IBM9448.so INIS-8.so INIS-CYRILLIC.so
        INIS.so ISIRI-3342.so ISO-2022-CN-EXT.so ISO-2022-CN.so ISO-2022-JP-3.so ISO-2022-JP.so
        ISO-2022-KR.so ISO-IR-197.so ISO-IR-209.so ISO646.so ISO8859-1.so ISO8859-10.so
        ISO8859-11.so ISO8859-13.so ISO8859-14.so ISO8859-15.so ISO8859-16.so ISO8859-2.so
        ISO8859-3.so ISO8859-4.so ISO8859-5.so ISO8859-6.so ISO8859-7.so ISO8859-8.so
        ISO8859-9.so ISO8859-9E.so ISO_10367-BOX.so ISO_11548-1.so ISO_2033.so ISO_5427-EXT.so
        ISO_5427.so ISO_5428.so ISO_6937-2.so ISO_6937.so JOHAB.so KOI-8.so KOI8-R.so
        KOI8-RU.so KOI8-T.so KOI8-U.so LATIN-GREEK-1.so LATIN-GREEK.so MAC-CENTRALEUROPE.so
        MAC-IS.so MAC-SAMI.so MAC-UK.so MACINTOSH.so MIK.so NATS-DANO.so NATS-SEFI.so PT154.so
        RK1048.so SAMI-WS2.so SHIFT_JISX0213.so SJIS.so T.61.so TCVN5712-1.so TIS-620.so
        TSCII.so UHC.so UNICODE.so VISCII.so
        """

    /// The modules of perl-base (the bigger ones are listed by size separately).
    static let perlBaseModules = """
        AutoLoader.pm Carp.pm Carp/Heavy.pm Config.pm Config_git.pl Cwd.pm
        Data/Dumper.pm DynaLoader.pm Errno.pm Exporter.pm Exporter/Heavy.pm Fcntl.pm
        File/Basename.pm File/Glob.pm File/Path.pm File/Spec.pm File/Spec/Unix.pm File/Temp.pm
        FileHandle.pm Getopt/Long.pm Hash/Util.pm IO.pm IO/File.pm IO/Handle.pm IO/Pipe.pm
        IO/Seekable.pm IO/Select.pm IO/Socket.pm IO/Socket/INET.pm IO/Socket/UNIX.pm
        IPC/Open2.pm IPC/Open3.pm List/Util.pm POSIX.pm Scalar/Util.pm SelectSaver.pm
        Socket.pm Storable.pm Symbol.pm Text/ParseWords.pm Text/Tabs.pm Text/Wrap.pm
        Tie/Hash.pm XSLoader.pm attributes.pm base.pm bytes.pm bytes_heavy.pl constant.pm
        feature.pm fields.pm integer.pm lib.pm locale.pm overload.pm overloading.pm parent.pm
        re.pm strict.pm utf8.pm vars.pm warnings.pm warnings/register.pm
        """

    /// The Unicode property tables of perl (under unicore/lib), shared by perl-base and perl.
    static let unicoreTables = """
        Age/NA.pl Age/V11.pl Age/V20.pl Age/V30.pl Age/V31.pl Age/V32.pl Age/V40.pl Age/V41.pl
        Age/V50.pl Age/V51.pl Age/V52.pl Age/V60.pl Age/V61.pl Age/V70.pl Age/V80.pl Age/V90.pl
        Age/V100.pl Age/V110.pl Age/V120.pl Age/V130.pl Age/V140.pl Alpha/Y.pl Bc/AL.pl Bc/AN.pl
        Bc/B.pl Bc/BN.pl Bc/CS.pl Bc/EN.pl Bc/ES.pl Bc/ET.pl Bc/L.pl Bc/NSM.pl Bc/ON.pl Bc/R.pl
        Bc/WS.pl BidiC/Y.pl BidiM/Y.pl Blk/NB.pl Bpt/C.pl Bpt/N.pl Bpt/O.pl CE/Y.pl CI/Y.pl
        CWCF/Y.pl CWCM/Y.pl CWKCF/Y.pl CWL/Y.pl CWT/Y.pl CWU/Y.pl Cased/Y.pl Ccc/A.pl Ccc/AL.pl
        Ccc/AR.pl Ccc/ATAR.pl Ccc/B.pl Ccc/BR.pl Ccc/DB.pl Ccc/NK.pl Ccc/NR.pl Ccc/OV.pl
        Ccc/VR.pl CompEx/Y.pl DI/Y.pl Dash/Y.pl Dep/Y.pl Dia/Y.pl Dt/Com.pl Dt/Enc.pl Dt/Fin.pl
        Dt/Font.pl Dt/Init.pl Dt/Iso.pl Dt/Med.pl Dt/Nar.pl Dt/Nb.pl Dt/NonCanon.pl Dt/Sqr.pl
        Dt/Sub.pl Dt/Sup.pl Dt/Vert.pl Ea/A.pl Ea/H.pl Ea/N.pl Ea/Na.pl Ea/W.pl Ext/Y.pl
        GCB/CN.pl GCB/EX.pl GCB/LV.pl GCB/LVT.pl GCB/PP.pl GCB/SM.pl GCB/XX.pl Gc/Cf.pl Gc/Cn.pl
        Gc/L.pl Gc/LC.pl Gc/Ll.pl Gc/Lm.pl Gc/Lo.pl Gc/Lu.pl Gc/M.pl Gc/Mc.pl Gc/Me.pl Gc/Mn.pl
        Gc/N.pl Gc/Nd.pl Gc/Nl.pl Gc/No.pl Gc/P.pl Gc/Pc.pl Gc/Pd.pl Gc/Pe.pl Gc/Pf.pl Gc/Pi.pl
        Gc/Po.pl Gc/Ps.pl Gc/S.pl Gc/Sc.pl Gc/Sk.pl Gc/Sm.pl Gc/So.pl Gc/Z.pl Gc/Zs.pl
        GrBase/Y.pl GrExt/Y.pl Hex/Y.pl Hst/NA.pl Hyphen/T.pl IDC/Y.pl IDS/Y.pl Ideo/Y.pl
        InPC/Bottom.pl InPC/Left.pl InPC/NA.pl InPC/Right.pl InPC/Top.pl InSC/Consonan.pl
        InSC/Other.pl InSC/VowelDep.pl Jt/C.pl Jt/D.pl Jt/R.pl Jt/T.pl Jt/U.pl Lb/AI.pl
        Lb/AL.pl Lb/BA.pl Lb/BB.pl Lb/CJ.pl Lb/CL.pl Lb/CM.pl Lb/EX.pl Lb/GL.pl Lb/ID.pl
        Lb/IN.pl Lb/IS.pl Lb/NS.pl Lb/NU.pl Lb/OP.pl Lb/PO.pl Lb/PR.pl Lb/QU.pl Lb/SA.pl
        Lb/XX.pl Lower/Y.pl Math/Y.pl NFCQC/M.pl NFCQC/Y.pl NFDQC/N.pl NFDQC/Y.pl NFKCQC/N.pl
        NFKCQC/Y.pl NFKDQC/N.pl NFKDQC/Y.pl Nt/Di.pl Nt/None.pl Nt/Nu.pl Nv/0.pl Nv/1.pl Nv/2.pl
        Nv/3.pl Nv/4.pl Nv/5.pl Nv/6.pl Nv/7.pl Nv/8.pl Nv/9.pl Nv/10.pl Nv/100.pl Nv/1000.pl
        PCM/Y.pl Perl/Alnum.pl Perl/Assigned.pl Perl/Blank.pl Perl/Graph.pl Perl/PerlWord.pl
        Perl/PosixPun.pl Perl/Print.pl Perl/SpacePer.pl Perl/Title.pl Perl/Word.pl
        Perl/XPosixPu.pl Perl/_PerlAny.pl Perl/_PerlCh2.pl Perl/_PerlCha.pl Perl/_PerlFol.pl
        Perl/_PerlIDC.pl Perl/_PerlIDS.pl Perl/_PerlIsI.pl Perl/_PerlNch.pl Perl/_PerlPat.pl
        Perl/_PerlQuo.pl QMark/Y.pl SB/AT.pl SB/CL.pl SB/EX.pl SB/FO.pl SB/LE.pl SB/LO.pl
        SB/NU.pl SB/SC.pl SB/ST.pl SB/Sp.pl SB/UP.pl SB/XX.pl SD/Y.pl STerm/Y.pl Sc/Arab.pl
        Sc/Beng.pl Sc/Cyrl.pl Sc/Deva.pl Sc/Geor.pl Sc/Grek.pl Sc/Gujr.pl Sc/Guru.pl Sc/Han.pl
        Sc/Hira.pl Sc/Kana.pl Sc/Latn.pl Sc/Mlym.pl Sc/Zinh.pl Sc/Zyyy.pl Scx/Arab.pl
        Scx/Beng.pl Scx/Cyrl.pl Scx/Deva.pl Scx/Geor.pl Scx/Grek.pl Scx/Han.pl Scx/Hira.pl
        Scx/Kana.pl Scx/Latn.pl Scx/Zinh.pl Scx/Zyyy.pl Term/Y.pl UIdeo/Y.pl Upper/Y.pl VS/Y.pl
        WB/EX.pl WB/Extend.pl WB/FO.pl WB/HL.pl WB/KA.pl WB/LE.pl WB/MB.pl WB/ML.pl WB/MN.pl
        WB/NU.pl WB/XX.pl XIDC/Y.pl XIDS/Y.pl
        """

    /// Debconf's perl modules (under /usr/share/perl5/Debconf).
    static let debconfModules = """
        AutoSelect.pm Base.pm Client/ConfModule.pm ConfModule.pm Config.pm Db.pm DbDriver.pm
        DbDriver/Backup.pm DbDriver/Cache.pm DbDriver/Copy.pm DbDriver/Debug.pm
        DbDriver/DirTree.pm DbDriver/Directory.pm DbDriver/File.pm DbDriver/LDAP.pm
        DbDriver/PackageDir.pm DbDriver/Pipe.pm DbDriver/Stack.pm Element.pm
        Element/Editor/Boolean.pm Element/Noninteractive.pm Element/Noninteractive/Boolean.pm
        Element/Noninteractive/Note.pm Element/Noninteractive/Select.pm
        Element/Noninteractive/String.pm Element/Teletype/Boolean.pm Element/Teletype/Note.pm
        Element/Teletype/Select.pm Element/Teletype/String.pm Encoding.pm Format.pm
        Format/822.pm FrontEnd.pm FrontEnd/Editor.pm FrontEnd/Noninteractive.pm
        FrontEnd/Passthrough.pm FrontEnd/Readline.pm FrontEnd/ScreenSize.pm FrontEnd/Teletype.pm
        Gettext.pm Iterator.pm Log.pm Path.pm Priority.pm Question.pm Template.pm
        Template/Transient.pm TmpFile.pm
        """

    /// Bash completions installed by util-linux.
    static let utilLinuxCompletions = """
        addpart blkdiscard blkid blkzone blockdev chcpu chmem chrt ctrlaltdel delpart dmesg
        fallocate fincore findfs findmnt flock fsck fsck.cramfs fsck.minix fsfreeze fstrim
        getopt hardlink hwclock ionice ipcmk ipcrm ipcs isosize last ldattach logger losetup
        lsblk lscpu lsipc lsirq lslocks lslogins lsmem lsns mcookie mesg mkfs mkfs.bfs
        mkfs.cramfs mkfs.minix mkswap more mount mountpoint namei nsenter partx pivot_root
        prlimit readprofile renice resizepart rev rtcwake script scriptlive scriptreplay setarch
        setpriv setsid setterm su swaplabel swapoff swapon taskset uclampset umount unshare
        utmpdump wall wdctl whereis wipefs zramctl
        """
}
