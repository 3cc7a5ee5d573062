/**
 * The syntax layer of the SQL engine: lexer, parser and AST. See parser.ts for the grammar's
 * decisions and ast.ts for the tree.
 */
export * from './ast';
export { MAX_DEPTH, parseApplication, parseExpression, parseQuery } from './parser';
export { SqlSyntaxError, formatSqlError } from './errors';
export { Lexer, tokenize } from './lexer';
export { MAX_IDENTIFIER_LENGTH, RESERVED_WORDS, TIME_UNITS, type Token, type TokenKind } from './tokens';
