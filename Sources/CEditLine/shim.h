// A few non-variadic wrappers around libedit (histedit.h) and the C globals Swift 6 cannot
// touch on Glibc (stdin, stdout, stderr). Everything is `static inline`: no .c file needed.
#ifndef DOCKERSIM_CEDITLINE_SHIM_H
#define DOCKERSIM_CEDITLINE_SHIM_H

#include <errno.h>
#include <histedit.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/// A prompt callback (EL_PROMPT_ESC).
typedef char *(*dsim_prompt_fn)(EditLine *);
/// An editor function (EL_ADDFN): returns one of the CC_* codes.
typedef unsigned char (*dsim_editor_fn)(EditLine *, int);

/// el_init on the process's stdin, stdout and stderr.
static inline EditLine *dsim_el_init(const char *program) {
    return el_init(program, stdin, stdout, stderr);
}

static inline int dsim_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }

/// The prompt, with `literal` bracketing invisible characters (colour escapes).
static inline int dsim_el_set_prompt(EditLine *el, dsim_prompt_fn fn, char literal) {
    return el_set(el, EL_PROMPT_ESC, fn, literal);
}

static inline int dsim_el_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }

static inline int dsim_el_set_clientdata(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }

static inline void *dsim_el_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}

static inline int dsim_el_addfn(EditLine *el, const char *name, const char *help, dsim_editor_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}

/// Binds a key sequence (`^I`, `^R`, `\e[A`) to a named editor function.
static inline int dsim_el_bind(EditLine *el, const char *key, const char *function) {
    return el_set(el, EL_BIND, key, function, NULL);
}

/// Lets Ctrl-Q and Ctrl-S reach the editor while a line is edited (no XON/XOFF flow control),
/// as docker's raw terminal does: Ctrl-P Ctrl-Q is its detach sequence.
static inline int dsim_el_no_flow_control(EditLine *el) {
    const char *argv[] = { "setty", "-x", "-ixon", NULL };
    return el_parse(el, 3, argv);
}

/// The line being edited: text before the cursor and after it, as UTF-8 (multibyte) strings.
static inline const LineInfo *dsim_el_line(EditLine *el) { return el_line(el); }

/// A new history with room for `size` events.
static inline History *dsim_history_init(int size) {
    History *h = history_init();
    if (h != NULL) {
        HistEvent event;
        history(h, &event, H_SETSIZE, size);
    }
    return h;
}

static inline void dsim_history_enter(History *h, const char *line) {
    HistEvent event;
    history(h, &event, H_ENTER, line);
}

static inline void dsim_history_clear(History *h) {
    HistEvent event;
    history(h, &event, H_CLEAR);
}

static inline void dsim_history_end(History *h) { history_end(h); }

static void dsim_ignore_signal(int signal) { (void)signal; }

/// A SIGINT handler that does nothing and does not restart system calls: el_gets and
/// nanosleep then return with EINTR, and the REPL decides what Ctrl-C means.
static inline int dsim_catch_sigint(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = dsim_ignore_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    return sigaction(SIGINT, &action, NULL);
}

/// Puts the default SIGINT behaviour back.
static inline int dsim_default_sigint(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    return sigaction(SIGINT, &action, NULL);
}

/// setlocale(LC_ALL, "") and, when that does not give UTF-8, C.UTF-8 for the character type:
/// without it libedit silently drops é and ñ.
static inline void dsim_use_utf8_locale(void) {
    setlocale(LC_ALL, "");
    const char *codeset = nl_langinfo(CODESET);
    if (codeset == NULL || strcmp(codeset, "UTF-8") != 0) {
        if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) setlocale(LC_CTYPE, "en_US.UTF-8");
    }
}

/// The terminal's width in columns (80 when it cannot be told).
static inline int dsim_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return 80;
}

/// Sleeps; returns 0, or -1 when a signal (Ctrl-C) cut the sleep short.
static inline int dsim_sleep_ms(long milliseconds) {
    struct timespec span = { milliseconds / 1000, (milliseconds % 1000) * 1000000L };
    return nanosleep(&span, NULL) == 0 ? 0 : -1;
}

static inline void dsim_flush_stdout(void) { fflush(stdout); }

/// Reads one character (a Unicode code point) through libedit, inside an editor function.
/// Returns -1 at end of input or on error (errno is EINTR after Ctrl-C).
static inline int dsim_el_getc(EditLine *el) {
    wchar_t c = 0;
    int n = el_wgetc(el, &c);
    return n == 1 ? (int)c : -1;
}

#endif
