export { createTeamsPoster, type PostFailureReason, type PosterLogger, type PostOptions, type PostResult, type TeamsPoster, type TeamsPosterOptions } from './teamsPoster';
export { withTeamsOutbox, type OutboxPosterOptions } from './outboxPoster';
