/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One function per subcommand, each in its own cli/cmd_*.c file.  argv[0] is
 * the subcommand name.  Return: 0 success, 1 user error (bad input, kernel
 * refused), 2 usage error.  Every command prints its own --help.
 */
#ifndef CGNFT_CLI_COMMANDS_H
#define CGNFT_CLI_COMMANDS_H

#define EXIT_USER 1
#define EXIT_USAGE 2

int cmd_compile(int argc, char **argv);	/* cli/cmd_compile.c */
int cmd_check(int argc, char **argv);	/* cli/cmd_check.c */
int cmd_apply(int argc, char **argv);	/* cli/cmd_apply.c */
int cmd_list(int argc, char **argv);	/* cli/cmd_list.c */
int cmd_delete(int argc, char **argv);	/* cli/cmd_delete.c */
int cmd_flush(int argc, char **argv);	/* cli/cmd_delete.c */
int cmd_test(int argc, char **argv);	/* cli/cmd_test.c */
int cmd_import(int argc, char **argv);	/* cli/cmd_import.c */


#endif
