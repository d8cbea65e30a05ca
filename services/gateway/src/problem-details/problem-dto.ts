import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class FieldErrorDto {
  @ApiProperty({ example: 'quantity' }) field!: string;
  @ApiProperty({ example: 'Too small: expected number to be >0' }) message!: string;
}

/** OpenAPI shape of every error (application/problem+json). */
export class ProblemResponse {
  @ApiProperty({ example: 'about:blank' }) type!: string;
  @ApiProperty({ example: 'Bad Request' }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiPropertyOptional() detail?: string;
  @ApiPropertyOptional({ example: '/api/orders' }) instance?: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: '400: each field at fault' }) errors?: FieldErrorDto[];
}
