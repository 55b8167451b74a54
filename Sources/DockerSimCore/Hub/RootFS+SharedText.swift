// Text files that Ubuntu jammy and Debian bookworm images share (same package, same content).

extension RootFS {
    /// /root/.profile of base-files (Debian and Ubuntu).
    static let rootProfile = #"""
        # ~/.profile: executed by Bourne-compatible login shells.

        if [ "$BASH" ]; then
          if [ -f ~/.bashrc ]; then
            . ~/.bashrc
          fi
        fi

        mesg n 2> /dev/null || true

        """#

    /// /etc/skel/.profile of bash.
    static let skelProfile = #"""
        # ~/.profile: executed by the command interpreter for login shells.
        # This file is not read by bash(1), if ~/.bash_profile or ~/.bash_login
        # exists.
        # see /usr/share/doc/bash/examples/startup-files for examples.
        # the files are located in the bash-doc package.

        # the default umask is set in /etc/profile; for setting the umask
        # for ssh logins, install and configure the libpam-umask package.
        #umask 022

        # if running bash
        if [ -n "$BASH_VERSION" ]; then
            # include .bashrc if it exists
            if [ -f "$HOME/.bashrc" ]; then
        	. "$HOME/.bashrc"
            fi
        fi

        # set PATH so it includes user's private bin if it exists
        if [ -d "$HOME/bin" ] ; then
            PATH="$HOME/bin:$PATH"
        fi

        # set PATH so it includes user's private bin if it exists
        if [ -d "$HOME/.local/bin" ] ; then
            PATH="$HOME/.local/bin:$PATH"
        fi

        """#

    /// /etc/skel/.bash_logout of bash.
    static let skelBashLogout = #"""
        # ~/.bash_logout: executed by bash(1) when login shell exits.

        # when leaving the console clear the screen to increase privacy

        if [ "$SHLVL" = 1 ]; then
            [ -x /usr/bin/clear_console ] && /usr/bin/clear_console -q
        fi

        """#

    /// /etc/nsswitch.conf as libc-bin installs it.
    static let nsswitchConf = #"""
        # /etc/nsswitch.conf
        #
        # Example configuration of GNU Name Service Switch functionality.
        # If you have the `glibc-doc-reference' and `info' packages installed, try:
        # `info libc "Name Service Switch"' for information about this file.

        passwd:         files
        group:          files
        shadow:         files
        gshadow:        files

        hosts:          files dns
        networks:       files

        protocols:      db files
        services:       db files
        ethers:         db files
        rpc:            db files

        netgroup:       nis

        """#

    /// /etc/ld.so.conf.d/x86_64-linux-gnu.conf.
    static let ldMultiarchConf = #"""
        # Multiarch support
        /usr/local/lib/x86_64-linux-gnu
        /lib/x86_64-linux-gnu
        /usr/lib/x86_64-linux-gnu

        """#

    /// /etc/apt/apt.conf.d/docker-autoremove-suggests of the official images.
    static let dockerAutoremoveSuggests = #"""
        # Since Docker users are looking for the smallest possible final images, the
        # following emerges as a very common pattern:

        #   RUN apt-get update \
        #       && apt-get install -y <packages> \
        #       && <do some compilation work> \
        #       && apt-get purge -y --auto-remove <packages>

        # By default, APT will actually _keep_ packages installed via Recommends or
        # Depends if another package Suggests them, even and including if the package
        # that originally caused them to be installed is removed.  Setting this to
        # "false" ensures that APT is appropriately aggressive about removing the
        # packages it added.

        # https://aptitude.alioth.debian.org/doc/en/ch02s05s05.html#configApt-AutoRemove-SuggestsImportant
        Apt::AutoRemove::SuggestsImportant "false";

        """#

    /// /etc/apt/apt.conf.d/docker-clean of the official images.
    static let dockerClean = #"""
        # Since for most Docker users, package installs happen in "docker build" steps,
        # they essentially become individual layers due to the way Docker handles
        # layering, especially using CoW filesystems.  What this means for us is that
        # the caches that APT keeps end up just wasting space in those layers, making
        # our layers unnecessarily large (especially since we'll normally never use
        # these caches again and will instead just "docker build" again and make a brand
        # new image).

        # Ideally, these would just be invoking "apt-get clean", but in our testing,
        # that ended up being cyclic and we got stuck on APT's lock, so we get this fun
        # creation that's essentially just "apt-get clean".
        DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
        APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };

        Dir::Cache::pkgcache "";
        Dir::Cache::srcpkgcache "";

        # Note that we do realize this isn't the ideal way to do this, and are always
        # open to better suggestions (https://github.com/docker/docker/issues).

        """#

    /// /etc/apt/apt.conf.d/docker-gzip-indexes of the official images.
    static let dockerGzipIndexes = #"""
        # Since Docker users using "RUN apt-get update && apt-get install -y ..." in
        # their Dockerfiles don't go delete the lists files afterwards, we want them to
        # be as small as possible on-disk, so we explicitly request "gz" versions and
        # tell Apt to keep them gzipped on-disk.

        # For comparison, an "apt-get update" layer without this on a pristine
        # "debian:wheezy" base image was "29.88 MB", where with this it was only
        # "8.273 MB".

        Acquire::GzipIndexes "true";
        Acquire::CompressionTypes::Order:: "gz";

        """#

    /// /etc/apt/apt.conf.d/docker-no-languages of the official images.
    static let dockerNoLanguages = #"""
        # In Docker, we don't often need the "Translations" files, so we're just wasting
        # time and space by downloading them, and this inhibits that.  For users that do
        # need them, it's a simple matter to delete this file and "apt-get update". :)

        Acquire::Languages "none";

        """#
}
