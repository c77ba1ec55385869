// the generated sources and their LaTeX exist, and the consumer's tests ran and passed
def out = new File(basedir, 'target/generated-sources/eigengrad')
assert new File(out, 'com/example/Eigh3Pi.java').isFile()
assert new File(out, 'com/example/rules/AdaptiveN.java').isFile()
assert new File(out, 'com/example/Eigh3Pi.tex').text.contains('\\begin{')
assert new File(out, 'com/example/rules/AdaptiveN.tex').isFile()
assert new File(out, 'com/example/Jvp3Pi.java').text.contains('implements PushforwardRule')
assert new File(out, 'com/example/Jvp3Pi.tex').isFile()
assert new File(out, 'com/example/Eigh3Float.java').text.contains('implements FloatPullbackRule')
def log = new File(basedir, 'build.log').text
assert log.contains('eigengrad: wrote 4 rule(s) and their LaTeX')
assert log.contains('Tests run: 4, Failures: 0, Errors: 0, Skipped: 0')
return true
