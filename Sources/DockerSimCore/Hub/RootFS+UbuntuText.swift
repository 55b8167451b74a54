// The text files of ubuntu:22.04 that a student is likely to read (see RootFS+Ubuntu.swift).

extension RootFS {
    /// /usr/lib/os-release (and /etc/os-release through its symlink).
    static let jammyOsRelease = #"""
        PRETTY_NAME="Ubuntu 22.04.3 LTS"
        NAME="Ubuntu"
        VERSION_ID="22.04"
        VERSION="22.04.3 LTS (Jammy Jellyfish)"
        VERSION_CODENAME=jammy
        ID=ubuntu
        ID_LIKE=debian
        HOME_URL="https://www.ubuntu.com/"
        SUPPORT_URL="https://help.ubuntu.com/"
        BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
        PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
        UBUNTU_CODENAME=jammy

        """#

    /// /etc/lsb-release.
    static let jammyLsbRelease = #"""
        DISTRIB_ID=Ubuntu
        DISTRIB_RELEASE=22.04
        DISTRIB_CODENAME=jammy
        DISTRIB_DESCRIPTION="Ubuntu 22.04.3 LTS"

        """#

    /// /etc/passwd (base-passwd of jammy; `_apt` is uid 100).
    static let jammyPasswd = #"""
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
        gnats:x:41:41:Gnats Bug-Reporting System (admin):/var/lib/gnats:/usr/sbin/nologin
        nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
        _apt:x:100:65534::/nonexistent:/usr/sbin/nologin

        """#

    /// /etc/group.
    static let jammyGroup = #"""
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
        gnats:x:41:
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

    /// /etc/shadow: every account locked (`*`), last changed on 2024-01-11 (day 19733).
    static let jammyShadow = shadowFile(for: jammyPasswd, lastChange: 19_733)

    /// /etc/gshadow.
    static let jammyGshadow = gshadowFile(for: jammyGroup)

    /// The shadow file matching a passwd file: `name:*:day:0:99999:7:::`.
    static func shadowFile(for passwd: String, lastChange: Int) -> String {
        passwd.split(separator: "\n").compactMap { $0.split(separator: ":").first }
            .map { "\($0):*:\(lastChange):0:99999:7:::\n" }.joined()
    }

    /// The gshadow file matching a group file: `name:*::`.
    static func gshadowFile(for group: String) -> String {
        group.split(separator: "\n").compactMap { $0.split(separator: ":").first }
            .map { "\($0):*::\n" }.joined()
    }

    /// /etc/shells.
    static let jammyShells = #"""
        # /etc/shells: valid login shells
        /bin/sh
        /bin/bash
        /usr/bin/bash
        /bin/rbash
        /usr/bin/rbash
        /usr/bin/sh
        /bin/dash
        /usr/bin/dash

        """#

    /// /etc/host.conf.
    static let jammyHostConf = #"""
        # The "order" line is only used by old versions of the C library.
        order hosts,bind
        multi on

        """#

    /// /etc/legal.
    static let jammyLegal = #"""

        The programs included with the Ubuntu system are free software;
        the exact distribution terms for each program are described in the
        individual files in /usr/share/doc/*/copyright.

        Ubuntu comes with ABSOLUTELY NO WARRANTY, to the extent permitted by
        applicable law.


        """#

    /// /etc/profile of Ubuntu's base-files (PATH comes from /etc/environment through pam).
    static let jammyProfile = #"""
        # /etc/profile: system-wide .profile file for the Bourne shell (sh(1))
        # and Bourne compatible shells (bash(1), ksh(1), ash(1), ...).

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

    /// /etc/bash.bashrc of Ubuntu's bash.
    static let jammyBashBashrc = #"""
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

        # sudo hint
        if [ ! -e "$HOME/.sudo_as_admin_successful" ] && [ ! -e "$HOME/.hushlogin" ] ; then
            case " $(groups) " in *\ admin\ *|*\ sudo\ *)
            if [ -x /usr/bin/sudo ]; then
        	cat <<-EOF
        	To run a command as administrator (user "root"), use "sudo <command>".
        	See "man sudo_root" for details.
        	
        	EOF
            fi
            esac
        fi

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

    /// /root/.bashrc (base-files' dot.bashrc on Ubuntu).
    static let jammyRootBashrc = #"""
        # ~/.bashrc: executed by bash(1) for non-login shells.
        # see /usr/share/doc/bash/examples/startup-files (in the package bash-doc)
        # for examples

        # If not running interactively, don't do anything
        [ -z "$PS1" ] && return

        # don't put duplicate lines in the history. See bash(1) for more options
        # ... or force ignoredups and ignorespace
        HISTCONTROL=ignoredups:ignorespace

        # append to the history file, don't overwrite it
        shopt -s histappend

        # for setting history length see HISTSIZE and HISTFILESIZE in bash(1)
        HISTSIZE=1000
        HISTFILESIZE=2000

        # check the window size after each command and, if necessary,
        # update the values of LINES and COLUMNS.
        shopt -s checkwinsize

        # make less more friendly for non-text input files, see lesspipe(1)
        [ -x /usr/bin/lesspipe ] && eval "$(SHELL=/bin/sh lesspipe)"

        # set variable identifying the chroot you work in (used in the prompt below)
        if [ -z "$debian_chroot" ] && [ -r /etc/debian_chroot ]; then
            debian_chroot=$(cat /etc/debian_chroot)
        fi

        # set a fancy prompt (non-color, unless we know we "want" color)
        case "$TERM" in
            xterm-color) color_prompt=yes;;
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

        # some more ls aliases
        #alias ll='ls -alF'
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
        #if [ -f /etc/bash_completion ] && ! shopt -oq posix; then
        #    . /etc/bash_completion
        #fi

        """#

    /// /etc/skel/.bashrc of Ubuntu's bash.
    static let jammySkelBashrc = #"""
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
        [ -x /usr/bin/lesspipe ] && eval "$(SHELL=/bin/sh lesspipe)"

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

            alias grep='grep --color=auto'
            alias fgrep='fgrep --color=auto'
            alias egrep='egrep --color=auto'
        fi

        # colored GCC warnings and errors
        #export GCC_COLORS='error=01;31:warning=01;35:note=01;36:caret=01;32:locus=01:quote=01'

        # some more ls aliases
        alias ll='ls -alF'
        alias la='ls -A'
        alias l='ls -CF'

        # Add an "alert" alias for long running commands.  Use like so:
        #   sleep 10; alert
        alias alert='notify-send --urgency=low -i "$([ $? = 0 ] && echo terminal || echo error)" "$(history|tail -n1|sed -e '\''s/^\s*[0-9]\+\s*//;s/[;&|]\s*alert$//'\'')"'

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

    /// /etc/apt/sources.list of the jammy image.
    static let jammySourcesList = #"""
        # See http://help.ubuntu.com/community/UpgradeNotes for how to upgrade to
        # newer versions of the distribution.
        deb http://archive.ubuntu.com/ubuntu/ jammy main restricted
        # deb-src http://archive.ubuntu.com/ubuntu/ jammy main restricted

        ## Major bug fix updates produced after the final release of the
        ## distribution.
        deb http://archive.ubuntu.com/ubuntu/ jammy-updates main restricted
        # deb-src http://archive.ubuntu.com/ubuntu/ jammy-updates main restricted

        ## N.B. software from this repository is ENTIRELY UNSUPPORTED by the Ubuntu
        ## team. Also, please note that software in universe WILL NOT receive any
        ## review or updates from the Ubuntu security team.
        deb http://archive.ubuntu.com/ubuntu/ jammy universe
        # deb-src http://archive.ubuntu.com/ubuntu/ jammy universe
        deb http://archive.ubuntu.com/ubuntu/ jammy-updates universe
        # deb-src http://archive.ubuntu.com/ubuntu/ jammy-updates universe

        ## N.B. software from this repository is ENTIRELY UNSUPPORTED by the Ubuntu
        ## team, and may not be under a free licence. Please satisfy yourself as to
        ## your rights to use the software. Also, please note that software in
        ## multiverse WILL NOT receive any review or updates from the Ubuntu
        ## security team.
        deb http://archive.ubuntu.com/ubuntu/ jammy multiverse
        # deb-src http://archive.ubuntu.com/ubuntu/ jammy multiverse
        deb http://archive.ubuntu.com/ubuntu/ jammy-updates multiverse
        # deb-src http://archive.ubuntu.com/ubuntu/ jammy-updates multiverse

        ## N.B. software from this repository may not have been tested as
        ## extensively as that contained in the main release, although it includes
        ## newer versions of some applications which may provide useful features.
        ## Also, please note that software in backports WILL NOT receive any review
        ## or updates from the Ubuntu security team.
        deb http://archive.ubuntu.com/ubuntu/ jammy-backports main restricted universe multiverse
        # deb-src http://archive.ubuntu.com/ubuntu/ jammy-backports main restricted universe multiverse

        deb http://security.ubuntu.com/ubuntu/ jammy-security main restricted
        # deb-src http://security.ubuntu.com/ubuntu/ jammy-security main restricted
        deb http://security.ubuntu.com/ubuntu/ jammy-security universe
        # deb-src http://security.ubuntu.com/ubuntu/ jammy-security universe
        deb http://security.ubuntu.com/ubuntu/ jammy-security multiverse
        # deb-src http://security.ubuntu.com/ubuntu/ jammy-security multiverse

        """#

    /// /etc/dpkg/dpkg.cfg.d/excludes: what the minimized image leaves out.
    static let jammyDpkgExcludes = #"""
        # Drop all man pages
        path-exclude=/usr/share/man/*

        # Drop all translations
        path-exclude=/usr/share/locale/*/LC_MESSAGES/*.mo

        # Drop all documentation ...
        path-exclude=/usr/share/doc/*

        # ... except copyright files ...
        path-include=/usr/share/doc/*/copyright

        # ... and Debian changelogs
        path-include=/usr/share/doc/*/changelog.Debian.*

        """#

    /// /usr/bin/man: the stub that replaces man-db in the minimized image.
    static let jammyManStub = #"""
        #!/bin/sh
        echo "This system has been minimized by removing packages and content that are"
        echo "not required on a system that users do not log into."
        echo ""
        echo "To restore this content, including manpages, you can run the 'unminimize'"
        echo "command. You will still need to ensure the 'man-db' package is installed."

        """#

    /// /usr/local/sbin/unminimize (abridged).
    static let jammyUnminimize = #"""
        #!/bin/sh

        set -e

        echo "This system has been minimized by removing packages and content that are"
        echo "not required on a system that users do not log into."
        echo ""
        echo "This script restores content and packages that are found on a default"
        echo "Ubuntu server system in order to make this system more suitable for"
        echo "interactive use."
        echo ""
        echo "Reinstallation of packages may fail due to changes to the system"
        echo "configuration, the presence of third-party packages, or for other"
        echo "reasons."
        echo ""
        echo "This operation may take some time."
        echo ""
        read -p "Would you like to continue? [y/N]: " REPLY
        echo    # (optional) move to a new line
        if [ "$REPLY" != "y" ] && [ "$REPLY" != "Y" ]
        then
            exit 1
        fi

        if [ -f /etc/dpkg/dpkg.cfg.d/excludes ] || [ -f /etc/dpkg/dpkg.cfg.d/excludes.dpkg-tmp ]; then
            # This is a minimized minimal image
            echo "Re-enabling installation of all documentation in dpkg..."
            if [ -f /etc/dpkg/dpkg.cfg.d/excludes ]; then
                mv /etc/dpkg/dpkg.cfg.d/excludes /etc/dpkg/dpkg.cfg.d/excludes.dpkg-tmp
            fi
            echo "Updating package list and upgrading packages..."
            apt-get update
            # apt-get upgrade asks for confirmation before upgrading packages to let the user stop here
            apt-get upgrade
            echo "Restoring system documentation..."
            echo "Reinstalling packages with files in /usr/share/man/ ..."
            dpkg -S /usr/share/man/ |sed 's|, |\n|g;s|: [^:]*$||' | DEBIAN_FRONTEND=noninteractive xargs apt-get install --reinstall -y
            echo "Reinstalling packages with system documentation in /usr/share/doc/ .."
            dpkg --verify --verify-format rpm | awk '/..5......   \/usr\/share\/doc/ {print $2}' | sed 's|/[^/]*$||' | sort |uniq \
                 | xargs dpkg -S | sed 's|, |\n|g;s|: [^:]*$||' | uniq | DEBIAN_FRONTEND=noninteractive xargs apt-get install --reinstall -y
            if dpkg --verify --verify-format rpm | awk '/..5......   \/usr\/share\/doc/ {exit 1}'; then
                echo "Documentation has been restored successfully."
                rm /etc/dpkg/dpkg.cfg.d/excludes.dpkg-tmp
            else
                echo "There are still files missing from /usr/share/doc/:"
                dpkg --verify --verify-format rpm | awk '/..5......   \/usr\/share\/doc/ {print " " $2}'
                echo "You may want to try running this script again or you can remove"
                echo "/etc/dpkg/dpkg.cfg.d/excludes.dpkg-tmp and restore the files manually."
            fi
        fi

        if  [ "$(dpkg-divert --truename /usr/bin/man)" = "/usr/bin/man.REAL" ]; then
            # Remove diverted man binary
            rm -f /usr/bin/man
            dpkg-divert --quiet --remove --rename /usr/bin/man
        fi

        if ! dpkg-query --show --showformat='${db:Status-Status}\n' ubuntu-minimal 2> /dev/null | grep -q '^installed$'; then
            echo "Installing Ubuntu minimal system package..."
            apt-get install ubuntu-minimal
        fi

        if ! dpkg-query --show --showformat='${db:Status-Status}\n' man-db 2> /dev/null | grep -q '^installed$'; then
            echo "Installing man-db..."
            apt-get install man-db
        fi

        echo "Removing minimization configuration..."
        rm -f /etc/update-motd.d/60-unminimize
        rm -f /usr/local/sbin/unminimize

        """#
}
