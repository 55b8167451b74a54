import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimShell

/// The host's `bc` and `nproc` (GNU bc 1.07's arithmetic and output, coreutils' `nproc`).
struct BcTests {
    func bc(_ input: String) -> (out: String, err: String) {
        var calculator = Bc()
        calculator.run(input)
        return (calculator.out, calculator.err)
    }

    @Test func scaleTruncatesAndPrintsAsBcDoes() {
        #expect(bc("scale=2; 1500000000 / 1000000000\n").out == "1.50\n")
        #expect(bc("scale=2; 500000000 / 1000000000\n").out == ".50\n")
        #expect(bc("scale=2; 536870912 / 1048576\n").out == "512.00\n")
        #expect(bc("scale=2; 2/3\n").out == ".66\n")
        #expect(bc("scale=2; -2/3\n").out == "-.66\n")
        #expect(bc("7/2\n").out == "3\n")
        #expect(bc("scale=0; 10/4\n").out == "2\n")
        #expect(bc("scale=2; 0/5\n").out == "0\n")
    }

    @Test func operatorsPrecedenceAndScales() {
        #expect(bc("2+3*4\n(2+3)*4\n").out == "14\n20\n")
        #expect(bc("2^10\n2^3^2\n-2^2\n").out == "1024\n512\n4\n")
        #expect(bc("1.5*1.5\n").out == "2.2\n")
        #expect(bc("scale=4; 1.5*1.5\n").out == "2.25\n")
        #expect(bc("10%3\n").out == "1\n")
        #expect(bc("scale=2; 10%3\n").out == ".01\n")
        #expect(bc("1.25-0.5\n").out == ".75\n")
        #expect(bc("x=5; x*2; x+=1; x\n").out == "10\n6\n")
        #expect(bc("3>2; 2==3\n").out == "1\n0\n")
        #expect(bc("scale=3; 2^-1\n").out == ".500\n")
        #expect(bc("\"hola\\n\"\n").out == "hola\n")
    }

    @Test func errorsAreBcs() {
        let empty = bc("scale=2;  / 1000000000\n")
        #expect(empty.out == "")
        #expect(empty.err == "(standard_in) 1: syntax error\n")
        #expect(bc("1+1\n2 +\n").err == "(standard_in) 2: syntax error\n")
        #expect(bc("1/0\n").err.hasSuffix("): Divide by zero\n"))
        #expect(bc("1 $ 2\n").err.hasPrefix("(standard_in) 1: illegal character: $\n"))
    }

    @Test func numbersPastTheSimulationsRangeSaySo() {
        #expect(bc("2^200\n").err == "dockersim: bc: number too large for the simulation\n")
        #expect(bc("2^100\n").out == "1267650600228229401496703205376\n")
    }

    @Test func theHostShellRunsBcAndNproc() {
        let session = makeSession()
        #expect(session.handle("nproc --all").stdout == "2\n")
        #expect(session.handle("nproc").stdout == "2\n")
        #expect(session.handle("nproc --ignore=1").stdout == "1\n")
        #expect(
            session.handle("nproc x").stderr == "nproc: extra operand 'x'\nTry 'nproc --help' for more information.\n")
        session.handle("x=1500000000")
        #expect(session.handle("echo \"scale=2; $x / 1000000000\" | bc").stdout == "1.50\n")
        #expect(
            session.handle("y=$(echo \"scale=2; $x / 1000000000\" | bc); echo \"CPUs: $y\"").stdout == "CPUs: 1.50\n")
    }
}
