// The one module that imports the Terraform CDK engine. CDK Terrain (`cdktn`) continues CDKTF
// (archived by HashiCorp on 2025-12-10) with the same construct API: switching engines is a
// rename here and in the provider import paths.
export { App, Fn, S3Backend, TerraformOutput, TerraformStack, TerraformVariable, Testing, Token } from 'cdktn';
