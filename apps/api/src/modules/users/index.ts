// The public surface of users: the user representation, which auth returns from /v1/auth/me, and
// the password policy, which auth applies when a password is set through a link or changed.
export { newPassword, toUserDto, type UserDto, user } from './users.dto.js';
