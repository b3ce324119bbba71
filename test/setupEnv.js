// natural pulls in its own copy of dotenv, which prints a banner unless told not to.
process.env.DOTENV_CONFIG_QUIET = 'true';
