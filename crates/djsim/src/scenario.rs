//! `djsim run`: the scenario format and the transcript (../shared/spec/djsim-cli.md). OWNER: integration.
