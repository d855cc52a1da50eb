import { hashPassword, isCommonPassword, verifyPassword } from './passwords';

describe('passwords', () => {
  it('when hashed, then the stored form names scrypt and its parameters and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    expect(await hashPassword('correct horse battery staple')).not.toBe(stored);
  });

  it('when the stored hash is not scrypt, then nothing verifies', async () => {
    expect(await verifyPassword('anything', 'bcrypt$2b$10$abc')).toBe(false);
    expect(await verifyPassword('anything', '')).toBe(false);
  });

  it('when checking the common list, then it matches case-insensitively and has thousands of entries', () => {
    expect(isCommonPassword('password')).toBe(true);
    expect(isCommonPassword('PassWord1')).toBe(true);
    expect(isCommonPassword('qwertyuiop')).toBe(true);
    expect(isCommonPassword('judix-unique-passphrase-42')).toBe(false);
  });
});
