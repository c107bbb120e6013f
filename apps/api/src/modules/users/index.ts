// The public surface of users: the user representation, which auth returns from /v1/auth/me.
export { toUserDto, type UserDto, user } from './users.dto.js';
