import { ApiProperty } from '@nestjs/swagger';

/** The pages' sign-in answer: the session travels in cookies, the body says where to go. */
export class PageSignInView {
  @ApiProperty({ example: '/report', description: "The signed-in user's home page" })
  home: string;
}
