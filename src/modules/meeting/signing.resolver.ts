/** Khóa ký — the GraphQL side of a person's signing key (signing.ts). */
import { Arg, Ctx, Field, ObjectType, Resolver } from 'type-graphql';
import { ForbiddenError } from '../../common/errors.js';
import { callerOf, type HubContext } from '../../core/context.js';
import { HubMutation, HubQuery } from '../../graphql/guard.js';
import { DateTimeScalar, JsonObjectScalar } from '../../graphql/scalars.js';
import { registerSigningKey, revokeSigningKey } from './signing.js';

@ObjectType('SigningKey', {
  description: 'Khóa ký — your public key; your ballots and opinion answers are signed with it',
})
class SigningKeyType {
  @Field(() => String, { description: 'Dấu vân tay — its RFC 7638 thumbprint (SHA-256, base64url)' })
  thumbprint!: string;
  @Field(() => JsonObjectScalar, { description: 'Khóa công khai — the public key (JWK)' }) publicJwk!: object;
  @Field(() => DateTimeScalar, { description: 'Đăng ký lúc — when it was registered' }) createdAt!: Date;
}

@Resolver()
export class SigningKeyResolver {
  @HubQuery(() => SigningKeyType, { nullable: true, description: 'Khóa ký của tôi — your signing key (null: none)' })
  async mySigningKey(@Ctx() ctx: HubContext): Promise<SigningKeyType | null> {
    const caller = callerOf(ctx);
    if (caller.kind !== 'user') throw new ForbiddenError('A signing key is a person’s');
    return ctx.db.personKey.findUnique({ where: { subject: caller.id } }) as Promise<SigningKeyType | null>;
  }

  @HubMutation(() => SigningKeyType, {
    roles: ['ADMIN'],
    description:
      'Thu hồi khóa ký — revoke a person’s signing key (lost or compromised), so that they can register another (ADMIN)',
  })
  revokeSigningKey(
    @Arg('subject', () => String, { description: 'Định danh — the person whose key is revoked (their `sub`)' })
    subject: string,
    @Ctx() ctx: HubContext,
  ) {
    return revokeSigningKey(ctx, subject) as Promise<SigningKeyType>;
  }

  @HubMutation(() => SigningKeyType, {
    description:
      'Đăng ký khóa ký — your public key (EC P-256 or Ed25519, as a JWK): from then on your ballots and opinion answers must carry your signature; a key is replaced only after an administrator revoked it',
  })
  registerSigningKey(
    @Arg('publicKeyJwk', () => JsonObjectScalar, { description: 'Khóa công khai — the public key as a JWK' })
    publicKeyJwk: Record<string, unknown>,
    @Ctx() ctx: HubContext,
  ) {
    return registerSigningKey(ctx, publicKeyJwk) as Promise<SigningKeyType>;
  }
}
