// the generated classes exist, compiled under -Xlint:all -Werror, and the consumer's tests passed
def out = new File(basedir, 'target/generated-sources/eigengrad')
for (name in ['XlogxFunction', 'MatrixFunction2Xlogx', 'MatrixFunction3Xlogx', 'MatrixFunction4Xlogx',
              'MatrixFunctionGeneralXlogx']) {
    assert new File(out, "com/example/${name}.java").isFile()
}
assert new File(out, 'com/example/kernels/HeatFunction.java').text.contains('implements ScalarFunction')
def log = new File(basedir, 'build.log').text
assert log.contains('eigengrad: wrote 0 rule(s), 2 function(s)')
assert log.contains('Tests run: 3, Failures: 0, Errors: 0, Skipped: 0')
return true
