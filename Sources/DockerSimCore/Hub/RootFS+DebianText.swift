// The text files of debian:stable-slim (bookworm) that a student is likely to read
// (see RootFS+Debian.swift).

extension RootFS {
    /// /usr/lib/os-release (and /etc/os-release through its symlink).
    static let bookwormOsRelease = #"""
        PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
        NAME="Debian GNU/Linux"
        VERSION_ID="12"
        VERSION="12 (bookworm)"
        VERSION_CODENAME=bookworm
        ID=debian
        HOME_URL="https://www.debian.org/"
        SUPPORT_URL="https://www.debian.org/support"
        BUG_REPORT_URL="https://bugs.debian.org/"

        """#

    /// /etc/passwd (base-passwd 3.6 of bookworm: no gnats, `_apt` is uid 42).
    static let bookwormPasswd = #"""
        root:x:0:0:root:/root:/bin/bash
        daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
        bin:x:2:2:bin:/bin:/usr/sbin/nologin
        sys:x:3:3:sys:/dev:/usr/sbin/nologin
        sync:x:4:65534:sync:/bin:/bin/sync
        games:x:5:60:games:/usr/games:/usr/sbin/nologin
        man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
        lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
        mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
        news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
        uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
        proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
        www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
        backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
        list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
        irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
        _apt:x:42:65534::/nonexistent:/usr/sbin/nologin
        nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin

        """#

    /// /etc/group.
    static let bookwormGroup = #"""
        root:x:0:
        daemon:x:1:
        bin:x:2:
        sys:x:3:
        adm:x:4:
        tty:x:5:
        disk:x:6:
        lp:x:7:
        mail:x:8:
        news:x:9:
        uucp:x:10:
        man:x:12:
        proxy:x:13:
        kmem:x:15:
        dialout:x:20:
        fax:x:21:
        voice:x:22:
        cdrom:x:24:
        floppy:x:25:
        tape:x:26:
        sudo:x:27:
        audio:x:29:
        dip:x:30:
        www-data:x:33:
        backup:x:34:
        operator:x:37:
        list:x:38:
        irc:x:39:
        src:x:40:
        shadow:x:42:
        utmp:x:43:
        video:x:44:
        sasl:x:45:
        plugdev:x:46:
        staff:x:50:
        games:x:60:
        users:x:100:
        nogroup:x:65534:

        """#

    /// /etc/shells.
    static let bookwormShells = #"""
        # /etc/shells: valid login shells
        /bin/sh
        /usr/bin/sh
        /bin/bash
        /usr/bin/bash
        /bin/rbash
        /usr/bin/rbash
        /bin/dash
        /usr/bin/dash

        """#

    /// /etc/motd.
    static let bookwormMotd = #"""

        The programs included with the Debian GNU/Linux system are free software;
        the exact distribution terms for each program are described in the
        individual files in /usr/share/doc/*/copyright.

        Debian GNU/Linux comes with ABSOLUTELY NO WARRANTY, to the extent
        permitted by applicable law.

        """#

    /// /etc/profile of Debian's base-files (it sets PATH itself).
    static let bookwormProfile = #"""
        # /etc/profile: system-wide .profile file for the Bourne shell (sh(1))
        # and Bourne compatible shells (bash(1), ksh(1), ash(1), ...).

        if [ "$(id -u)" -eq 0 ]; then
          PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        else
          PATH="/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games"
        fi
        export PATH

        if [ "${PS1-}" ]; then
          if [ "${BASH-}" ] && [ "$BASH" != "/bin/sh" ]; then
            # The file bash.bashrc already sets the default PS1.
            # PS1='\h:\w\$ '
            if [ -f /etc/bash.bashrc ]; then
              . /etc/bash.bashrc
            fi
          else
            if [ "$(id -u)" -eq 0 ]; then
              PS1='# '
            else
              PS1='$ '
            fi
          fi
        fi

        if [ -d /etc/profile.d ]; then
          for i in /etc/profile.d/*.sh; do
            if [ -r $i ]; then
              . $i
            fi
          done
          unset i
        fi

        """#

    /// /etc/bash.bashrc of Debian's bash.
    static let bookwormBashBashrc = #"""
        # System-wide .bashrc file for interactive bash(1) shells.

        # To enable the settings / commands in this file for login shells as well,
        # this file has to be sourced in /etc/profile.

        # If not running interactively, don't do anything
        [ -z "$PS1" ] && return

        # check the window size after each command and, if necessary,
        # update the values of LINES and COLUMNS.
        shopt -s checkwinsize

        # set variable identifying the chroot you work in (used in the prompt below)
        if [ -z "${debian_chroot:-}" ] && [ -r /etc/debian_chroot ]; then
            debian_chroot=$(cat /etc/debian_chroot)
        fi

        # set a fancy prompt (non-color, overwrite the one in /etc/profile)
        # but only if not SUDOing and have SUDO_PS1 set; then assume smart user.
        if ! [ -n "${SUDO_USER}" -a -n "${SUDO_PS1}" ]; then
          PS1='${debian_chroot:+($debian_chroot)}\u@\h:\w\$ '
        fi

        # Commented out, don't overwrite xterm -T "title" -n "icontitle" by default.
        # If this is an xterm set the title to user@host:dir
        #case "$TERM" in
        #xterm*|rxvt*)
        #    PROMPT_COMMAND='echo -ne "\033]0;${USER}@${HOSTNAME}: ${PWD}\007"'
        #    ;;
        #*)
        #    ;;
        #esac

        # enable bash completion in interactive shells
        #if ! shopt -oq posix; then
        #  if [ -f /usr/share/bash-completion/bash_completion ]; then
        #    . /usr/share/bash-completion/bash_completion
        #  elif [ -f /etc/bash_completion ]; then
        #    . /etc/bash_completion
        #  fi
        #fi

        # if the command-not-found package is installed, use it
        if [ -x /usr/lib/command-not-found -o -x /usr/share/command-not-found/command-not-found ]; then
        	function command_not_found_handle {
        	        # check because c-n-f could've been removed in the meantime
                        if [ -x /usr/lib/command-not-found ]; then
        		   /usr/lib/command-not-found -- "$1"
                           return $?
                        elif [ -x /usr/share/command-not-found/command-not-found ]; then
        		   /usr/share/command-not-found/command-not-found -- "$1"
                           return $?
        		else
        		   printf "%s: command not found\n" "$1" >&2
        		   return 127
        		fi
        	}
        fi

        """#

    /// /root/.bashrc (base-files' dot.bashrc on Debian: everything commented out).
    static let bookwormRootBashrc = #"""
        # ~/.bashrc: executed by bash(1) for non-login shells.

        # Note: PS1 is set in /etc/profile, and the default umask is defined
        # in /etc/login.defs. You should not need this unless you want different
        # defaults for root.
        # PS1='${debian_chroot:+($debian_chroot)}\h:\w\$ '
        # umask 022

        # You may uncomment the following lines if you want `ls' to be colorized:
        # export LS_OPTIONS='--color=auto'
        # eval "$(dircolors)"
        # alias ls='ls $LS_OPTIONS'
        # alias ll='ls $LS_OPTIONS -l'
        # alias l='ls $LS_OPTIONS -lA'
        #
        # Some more alias to avoid making mistakes:
        # alias rm='rm -i'
        # alias cp='cp -i'
        # alias mv='mv -i'

        """#

    /// /etc/skel/.bashrc of Debian's bash.
    static let bookwormSkelBashrc = #"""
        # ~/.bashrc: executed by bash(1) for non-login shells.
        # see /usr/share/doc/bash/examples/startup-files (in the package bash-doc)
        # for examples

        # If not running interactively, don't do anything
        case $- in
            *i*) ;;
              *) return;;
        esac

        # don't put duplicate lines or lines starting with space in the history.
        # See bash(1) for more options
        HISTCONTROL=ignoreboth

        # append to the history file, don't overwrite it
        shopt -s histappend

        # for setting history length see HISTSIZE and HISTFILESIZE in bash(1)
        HISTSIZE=1000
        HISTFILESIZE=2000

        # check the window size after each command and, if necessary,
        # update the values of LINES and COLUMNS.
        shopt -s checkwinsize

        # If set, the pattern "**" used in a pathname expansion context will
        # match all files and zero or more directories and subdirectories.
        #shopt -s globstar

        # make less more friendly for non-text input files, see lesspipe(1)
        #[ -x /usr/bin/lesspipe ] && eval "$(SHELL=/bin/sh lesspipe)"

        # set variable identifying the chroot you work in (used in the prompt below)
        if [ -z "${debian_chroot:-}" ] && [ -r /etc/debian_chroot ]; then
            debian_chroot=$(cat /etc/debian_chroot)
        fi

        # set a fancy prompt (non-color, unless we know we "want" color)
        case "$TERM" in
            xterm-color|*-256color) color_prompt=yes;;
        esac

        # uncomment for a colored prompt, if the terminal has the capability; turned
        # off by default to not distract the user: the focus in a terminal window
        # should be on the output of commands, not on the prompt
        #force_color_prompt=yes

        if [ -n "$force_color_prompt" ]; then
            if [ -x /usr/bin/tput ] && tput setaf 1 >&/dev/null; then
        	# We have color support; assume it's compliant with Ecma-48
        	# (ISO/IEC-6429). (Lack of such support is extremely rare, and such
        	# a case would tend to support setf rather than setaf.)
        	color_prompt=yes
            else
        	color_prompt=
            fi
        fi

        if [ "$color_prompt" = yes ]; then
            PS1='${debian_chroot:+($debian_chroot)}\[\033[01;32m\]\u@\h\[\033[00m\]:\[\033[01;34m\]\w\[\033[00m\]\$ '
        else
            PS1='${debian_chroot:+($debian_chroot)}\u@\h:\w\$ '
        fi
        unset color_prompt force_color_prompt

        # If this is an xterm set the title to user@host:dir
        case "$TERM" in
        xterm*|rxvt*)
            PS1="\[\e]0;${debian_chroot:+($debian_chroot)}\u@\h: \w\a\]$PS1"
            ;;
        *)
            ;;
        esac

        # enable color support of ls and also add handy aliases
        if [ -x /usr/bin/dircolors ]; then
            test -r ~/.dircolors && eval "$(dircolors -b ~/.dircolors)" || eval "$(dircolors -b)"
            alias ls='ls --color=auto'
            #alias dir='dir --color=auto'
            #alias vdir='vdir --color=auto'

            #alias grep='grep --color=auto'
            #alias fgrep='fgrep --color=auto'
            #alias egrep='egrep --color=auto'
        fi

        # colored GCC warnings and errors
        #export GCC_COLORS='error=01;31:warning=01;35:note=01;36:caret=01;32:locus=01:quote=01'

        # some more ls aliases
        #alias ll='ls -l'
        #alias la='ls -A'
        #alias l='ls -CF'

        # Alias definitions.
        # You may want to put all your additions into a separate file like
        # ~/.bash_aliases, instead of adding them here directly.
        # See /usr/share/doc/bash-doc/examples in the bash-doc package.

        if [ -f ~/.bash_aliases ]; then
            . ~/.bash_aliases
        fi

        # enable programmable completion features (you don't need to enable
        # this, if it's already enabled in /etc/bash.bashrc and /etc/profile
        # sources /etc/bash.bashrc).
        if ! shopt -oq posix; then
          if [ -f /usr/share/bash-completion/bash_completion ]; then
            . /usr/share/bash-completion/bash_completion
          elif [ -f /etc/bash_completion ]; then
            . /etc/bash_completion
          fi
        fi

        """#

    /// /etc/apt/sources.list.d/debian.sources (deb822 format; there is no sources.list).
    static let bookwormSources = #"""
        Types: deb
        # http://snapshot.debian.org/archive/debian/20240110T000000Z
        URIs: http://deb.debian.org/debian
        Suites: bookworm bookworm-updates
        Components: main
        Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

        Types: deb
        # http://snapshot.debian.org/archive/debian-security/20240110T000000Z
        URIs: http://deb.debian.org/debian-security
        Suites: bookworm-security
        Components: main
        Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

        """#

    /// /etc/dpkg/dpkg.cfg.d/docker: what the slim variant leaves out.
    static let bookwormDpkgSlim = #"""
        # This is the "slim" variant of the Debian base image.
        # Many files which are normally unnecessary in containers are excluded,
        # and this configuration file keeps them that way.
        path-exclude /usr/share/doc/*
        path-include /usr/share/doc/*/copyright
        path-exclude /usr/share/groff/*
        path-exclude /usr/share/info/*
        path-exclude /usr/share/linda/*
        path-exclude /usr/share/lintian/overrides/*
        path-exclude /usr/share/locale/*
        path-include /usr/share/locale/locale.alias
        path-exclude /usr/share/man/*

        """#

    /// /etc/dpkg/dpkg.cfg.d/docker-apt-speedup.
    static let bookwormDpkgSpeedup = #"""
        # For most Docker users, package installs happen during "docker build", which
        # doesn't survive power loss and gets restarted clean afterwards anyhow, so
        # this minor tweak gives us a nice speedup (much nicer on spinning disks,
        # obviously).

        force-unsafe-io

        """#
}
